// Errors for browsers: the status and what went wrong, on a page; machines get the same as problem+json.
import { html, type Html } from '../html.js'
import { page } from '../layout.js'

const TEXTS: Record<number, [string, string]> = {
  400: ['Requête incorrecte', 'L’adresse demandée n’est pas valide.'],
  404: ['Page introuvable', 'Il n’y a rien à cette adresse, ou plus rien : vérifiez-la, ou cherchez le jeu de données.'],
  406: ['Format non disponible', 'Cette adresse ne sert pas le format demandé.'],
  410: ['Supprimé', 'Ce qui était publié à cette adresse a été supprimé.']
}

export function errorPage (status: number, catalogTitle: string, publicUrl: string): Html {
  const [title, text] = TEXTS[status] ?? ['Erreur', 'La demande n’a pas pu aboutir.']
  return page({
    title,
    catalogTitle,
    publicUrl,
    main: html`<h1>${title}</h1>
<p>${text}</p>
<p><a href="${publicUrl}/">Retour à l’accueil</a> (erreur ${String(status)})</p>
`
  })
}

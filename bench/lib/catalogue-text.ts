// The French vocabulary of a generated catalogue: publishers, subjects, places and formats that look like
// a metropolitan open-data portal's, so that search, facets and the feed work on realistic text.

export interface PublisherSeed {
  id: string
  name: string
  /** ADMS publisher type code. */
  type: string
  homepage: string
  email: string
}

export const PUBLISHERS: readonly PublisherSeed[] = [
  { id: 'ville-de-lyon', name: 'Ville de Lyon', type: 'LocalAuthority', homepage: 'https://www.lyon.fr', email: 'opendata@mairie-lyon.fr' },
  { id: 'metropole-de-lyon', name: 'Métropole de Lyon', type: 'RegionalAuthority', homepage: 'https://www.grandlyon.com', email: 'data@grandlyon.com' },
  { id: 'sytral-mobilites', name: 'Sytral Mobilités', type: 'RegionalAuthority', homepage: 'https://www.sytral.fr', email: 'donnees@sytral.fr' },
  { id: 'ville-de-villeurbanne', name: 'Ville de Villeurbanne', type: 'LocalAuthority', homepage: 'https://www.villeurbanne.fr', email: 'opendata@villeurbanne.fr' },
  { id: 'ville-de-venissieux', name: 'Ville de Vénissieux', type: 'LocalAuthority', homepage: 'https://www.ville-venissieux.fr', email: 'donnees@ville-venissieux.fr' },
  { id: 'caluire-et-cuire', name: 'Caluire-et-Cuire', type: 'LocalAuthority', homepage: 'https://www.ville-caluire.fr', email: 'mairie@ville-caluire.fr' }
]

export interface Subject {
  title: string
  theme: string
  keywords: readonly string[]
  /** What one row of the data describes, for the description. */
  item: string
  formats: readonly string[]
  /** Publishers that would publish it; empty: any. */
  publishers?: readonly string[]
}

export const SUBJECTS: readonly Subject[] = [
  { title: 'Stations de vélos en libre-service', theme: 'TRAN', keywords: ['mobilité', 'vélo', 'vélos en libre-service', 'vélo\'v'], item: 'station (capacité, bornes disponibles)', formats: ['JSON', 'GEOJSON', 'CSV'], publishers: ['metropole-de-lyon'] },
  { title: 'Horaires théoriques du réseau de transports en commun', theme: 'TRAN', keywords: ['mobilité', 'transport en commun', 'gtfs', 'métro', 'tramway', 'bus'], item: 'arrêt et horaire de passage', formats: ['ZIP', 'CSV'], publishers: ['sytral-mobilites'] },
  { title: 'Perturbations et travaux sur le réseau TCL', theme: 'TRAN', keywords: ['mobilité', 'trafic', 'perturbations', 'travaux'], item: 'perturbation (ligne, début, fin)', formats: ['JSON', 'XML'], publishers: ['sytral-mobilites'] },
  { title: 'Aménagements cyclables', theme: 'TRAN', keywords: ['mobilité', 'vélo', 'pistes cyclables', 'voirie'], item: 'tronçon aménagé', formats: ['GEOJSON', 'SHP', 'KML'] },
  { title: 'Parcs relais : disponibilité en temps réel', theme: 'TRAN', keywords: ['mobilité', 'stationnement', 'parking', 'temps réel'], item: 'parc relais (places libres)', formats: ['JSON', 'CSV'], publishers: ['sytral-mobilites', 'metropole-de-lyon'] },
  { title: 'Comptages routiers permanents', theme: 'TRAN', keywords: ['trafic', 'circulation', 'comptages', 'voirie'], item: 'mesure horaire par capteur', formats: ['CSV', 'JSON'] },
  { title: 'Qualité de l\'air : indice ATMO quotidien', theme: 'ENVI', keywords: ['qualité de l\'air', 'pollution', 'environnement', 'santé'], item: 'indice journalier par commune', formats: ['CSV', 'JSON'] },
  { title: 'Arbres d\'alignement', theme: 'ENVI', keywords: ['arbres', 'patrimoine végétal', 'espaces verts', 'îlots de chaleur'], item: 'arbre (essence, hauteur, date de plantation)', formats: ['GEOJSON', 'CSV', 'SHP'] },
  { title: 'Espaces verts et jardins publics', theme: 'ENVI', keywords: ['espaces verts', 'parcs', 'jardins', 'nature en ville'], item: 'parc ou jardin (surface, horaires)', formats: ['GEOJSON', 'CSV'] },
  { title: 'Cartes stratégiques du bruit routier', theme: 'ENVI', keywords: ['bruit', 'nuisances sonores', 'environnement'], item: 'zone exposée (niveau Lden)', formats: ['SHP', 'PDF'] },
  { title: 'Points d\'apport volontaire du verre', theme: 'ENVI', keywords: ['déchets', 'recyclage', 'verre', 'propreté'], item: 'silo à verre', formats: ['CSV', 'GEOJSON'] },
  { title: 'Consommation énergétique des bâtiments municipaux', theme: 'ENER', keywords: ['énergie', 'électricité', 'chauffage', 'bâtiments publics'], item: 'relevé mensuel par bâtiment', formats: ['CSV', 'XLSX'] },
  { title: 'Installations photovoltaïques raccordées', theme: 'ENER', keywords: ['énergie', 'solaire', 'photovoltaïque', 'transition énergétique'], item: 'installation (puissance crête)', formats: ['CSV', 'JSON'] },
  { title: 'Équipements sportifs', theme: 'SOCI', keywords: ['sport', 'gymnases', 'piscines', 'équipements publics'], item: 'équipement (type, accessibilité)', formats: ['CSV', 'GEOJSON', 'JSON'] },
  { title: 'Établissements d\'accueil du jeune enfant', theme: 'SOCI', keywords: ['petite enfance', 'crèches', 'familles'], item: 'crèche (places, gestionnaire)', formats: ['CSV', 'JSON'] },
  { title: 'Bibliothèques et médiathèques', theme: 'EDUC', keywords: ['culture', 'lecture publique', 'bibliothèques'], item: 'établissement (horaires, services)', formats: ['CSV', 'JSON'] },
  { title: 'Écoles maternelles et élémentaires', theme: 'EDUC', keywords: ['éducation', 'écoles', 'carte scolaire'], item: 'école (effectifs, secteur)', formats: ['CSV', 'GEOJSON'] },
  { title: 'Délibérations du conseil municipal', theme: 'GOVE', keywords: ['délibérations', 'conseil municipal', 'transparence'], item: 'délibération (date, objet, vote)', formats: ['CSV', 'PDF'], publishers: ['ville-de-lyon', 'ville-de-villeurbanne', 'ville-de-venissieux', 'caluire-et-cuire'] },
  { title: 'Budget primitif', theme: 'GOVE', keywords: ['budget', 'finances publiques', 'comptabilité'], item: 'ligne budgétaire (chapitre, montant)', formats: ['CSV', 'XLSX', 'PDF'] },
  { title: 'Marchés publics attribués', theme: 'GOVE', keywords: ['marchés publics', 'commande publique', 'transparence'], item: 'marché (titulaire, montant, durée)', formats: ['CSV', 'JSON', 'XML'] },
  { title: 'Subventions aux associations', theme: 'GOVE', keywords: ['subventions', 'associations', 'finances publiques'], item: 'subvention (bénéficiaire, objet, montant)', formats: ['CSV', 'XLSX'] },
  { title: 'Marchés forains et alimentaires', theme: 'ECON', keywords: ['commerce', 'marchés', 'alimentation'], item: 'marché (jours, nombre d\'étals)', formats: ['CSV', 'GEOJSON'] },
  { title: 'Terrasses autorisées sur le domaine public', theme: 'ECON', keywords: ['commerce', 'terrasses', 'occupation du domaine public'], item: 'autorisation (surface, période)', formats: ['CSV', 'GEOJSON'] },
  { title: 'Défibrillateurs automatisés externes', theme: 'HEAL', keywords: ['santé', 'défibrillateurs', 'secours', 'dae'], item: 'appareil (emplacement, disponibilité)', formats: ['CSV', 'JSON'] },
  { title: 'Toilettes publiques', theme: 'HEAL', keywords: ['toilettes', 'propreté', 'accessibilité'], item: 'sanitaire (accès PMR, horaires)', formats: ['CSV', 'GEOJSON'] },
  { title: 'Plan local d\'urbanisme et de l\'habitat', theme: 'REGI', keywords: ['urbanisme', 'plu-h', 'zonage', 'habitat'], item: 'zone réglementaire', formats: ['SHP', 'PDF', 'GEOJSON'], publishers: ['metropole-de-lyon'] },
  { title: 'Base adresse locale', theme: 'REGI', keywords: ['adresses', 'voies', 'référentiel'], item: 'adresse (numéro, voie, coordonnées)', formats: ['CSV'] },
  { title: 'Permis de construire délivrés', theme: 'REGI', keywords: ['urbanisme', 'permis de construire', 'logement'], item: 'permis (nature, surface)', formats: ['CSV', 'XLSX'] },
  { title: 'Bornes Wi-Fi publiques', theme: 'TECH', keywords: ['numérique', 'wi-fi', 'connectivité'], item: 'borne (lieu, débit)', formats: ['CSV', 'JSON'] },
  { title: 'Déploiement de la fibre optique', theme: 'TECH', keywords: ['numérique', 'fibre', 'très haut débit'], item: 'îlot (locaux raccordables)', formats: ['CSV', 'SHP'] },
  { title: 'Jardins partagés et ruchers', theme: 'AGRI', keywords: ['agriculture urbaine', 'jardins partagés', 'apiculture'], item: 'jardin ou rucher', formats: ['CSV', 'GEOJSON'] },
  { title: 'Fréquentation des musées municipaux', theme: 'EDUC', keywords: ['culture', 'musées', 'fréquentation', 'tourisme'], item: 'entrée mensuelle par musée', formats: ['CSV', 'XLSX'] },
  { title: 'Population légale par quartier', theme: 'SOCI', keywords: ['population', 'recensement', 'démographie', 'quartiers'], item: 'quartier (population, ménages)', formats: ['CSV', 'XLSX'] },
  { title: 'Interventions de la police municipale', theme: 'JUST', keywords: ['sécurité', 'tranquillité publique', 'police municipale'], item: 'intervention (motif, arrondissement)', formats: ['CSV'] }
]

export const PLACES: readonly string[] = [
  'Lyon 1er', 'Lyon 2e', 'Lyon 3e', 'Lyon 7e', 'Croix-Rousse', 'Part-Dieu', 'Gerland', 'Confluence', 'Vaise',
  'Villeurbanne', 'Vénissieux', 'Caluire-et-Cuire', 'Bron', 'Écully', 'Saint-Fons', 'Oullins', 'Rillieux-la-Pape',
  'Saint-Priest', 'Décines-Charpieu', 'Tassin-la-Demi-Lune'
]

export const SOURCES: readonly string[] = [
  'du système d\'information géographique de la collectivité',
  'des capteurs installés sur la voirie',
  'des relevés effectués par les agents de terrain',
  'de l\'application métier du service gestionnaire',
  'd\'une enquête annuelle auprès des usagers',
  'du logiciel de gestion financière'
]

export const FREQUENCY_WORDS: Readonly<Record<string, string>> = {
  UPDATE_CONT: 'en continu',
  DAILY: 'chaque jour',
  WEEKLY: 'chaque semaine',
  MONTHLY: 'chaque mois',
  QUARTERLY: 'chaque trimestre',
  ANNUAL: 'chaque année',
  IRREG: 'de façon irrégulière',
  NEVER: 'jamais (jeu de données historique)'
}

export const FORMATS: Readonly<Record<string, { mediaType: string, extension: string, label: string }>> = {
  CSV: { mediaType: 'text/csv', extension: 'csv', label: 'Export CSV' },
  JSON: { mediaType: 'application/json', extension: 'json', label: 'API JSON' },
  GEOJSON: { mediaType: 'application/geo+json', extension: 'geojson', label: 'Couche GeoJSON' },
  XLSX: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', label: 'Classeur Excel' },
  PDF: { mediaType: 'application/pdf', extension: 'pdf', label: 'Document PDF' },
  SHP: { mediaType: 'application/zip', extension: 'shp.zip', label: 'Shapefile (archive)' },
  KML: { mediaType: 'application/vnd.google-earth.kml+xml', extension: 'kml', label: 'Fichier KML' },
  XML: { mediaType: 'application/xml', extension: 'xml', label: 'Flux XML' },
  ZIP: { mediaType: 'application/zip', extension: 'zip', label: 'Archive ZIP' }
}

// The demo catalogue loaded into an empty database: a fictional city, its metropolitan authority and
// its transport authority, with realistic French datasets, link distributions and small generated files.

export interface DemoPublisher {
  id: string
  name: string
  type: string
  homepage: string
  email: string
}

export interface DemoLink {
  title: string
  accessUrl?: string
  downloadUrl?: string
  mediaType: string
  format: string
}

export interface DemoFile {
  title: string
  /** The name a download offers; its extension helps sniffing, as for a real upload. */
  fileName: string
  content: () => string
}

export interface DemoDataset {
  slug: string
  publisher: string
  title: string
  description: string
  keywords: string[]
  themes: string[]
  licence: string
  frequency: string
  temporal: { start: string, end: string | null }
  /** [west, south, east, north] */
  bbox: [number, number, number, number]
  contact: { name: string, email: string }
  issued: string
  conformsTo?: string[]
  status?: 'draft'
  links: DemoLink[]
  files: DemoFile[]
}

const CITY_BBOX: [number, number, number, number] = [4.77, 45.70, 4.90, 45.81]
const METRO_BBOX: [number, number, number, number] = [4.68, 45.55, 5.06, 45.94]

export const DEMO_PUBLISHERS: DemoPublisher[] = [
  { id: 'ville-valfleury', name: 'Ville de Valfleury', type: 'LocalAuthority', homepage: 'https://www.valfleury.example.org', email: 'opendata@valfleury.example.org' },
  { id: 'valfleury-metropole', name: 'Valfleury Métropole', type: 'RegionalAuthority', homepage: 'https://www.valfleury-metropole.example.org', email: 'donnees@valfleury-metropole.example.org' },
  { id: 'mobival', name: 'Mobival, autorité organisatrice des mobilités', type: 'LocalAuthority', homepage: 'https://www.mobival.example.org', email: 'open-data@mobival.example.org' }
]

/** A deterministic sequence in [0, 1), so generated files have the same bytes, and checksums, every time. */
function sequence (seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

const round = (value: number): number => Math.round(value * 1e5) / 1e5

function pointIn ([west, south, east, north]: number[], next: () => number): [number, number] {
  return [round(west! + (east! - west!) * next()), round(south! + (north! - south!) * next())]
}

function swimmingPools (): string {
  const pools = [
    ['Piscine des Quais', '8 quai des Tanneurs', 45.7489, 4.8389, 'oui'],
    ['Piscine du Parc', '368 avenue des Sports', 45.7311, 4.8331, 'oui'],
    ['Centre nautique des Berges', '8 quai Neuf', 45.7574, 4.8284, 'non'],
    ['Piscine du Plateau', '31 rue des Canuts', 45.7765, 4.8236, 'oui'],
    ['Piscine de la Colline', '50 rue du Belvédère', 45.7796, 4.8052, 'non'],
    ['Piscine des Tilleuls', '75 rue des Tilleuls', 45.7341, 4.8853, 'oui']
  ]
  return ['nom;adresse;latitude;longitude;bassin_exterieur', ...pools.map(row => row.join(';'))].join('\n') + '\n'
}

function streetTrees (): string {
  const next = sequence(42)
  const species = ['Platanus x hispanica', 'Tilia cordata', 'Acer platanoides', 'Celtis australis', 'Quercus robur', 'Gingko biloba']
  const features = Array.from({ length: 40 }, (_, i) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: pointIn(CITY_BBOX, next) },
    properties: {
      identifiant: `ARB-${String(i + 1).padStart(5, '0')}`,
      essence: species[Math.floor(next() * species.length)],
      hauteur_m: Math.round(4 + next() * 20),
      annee_plantation: 1950 + Math.floor(next() * 74)
    }
  }))
  return JSON.stringify({ type: 'FeatureCollection', features }, null, 1) + '\n'
}

function cycleLanes (): string {
  const next = sequence(7)
  const kinds = ['piste cyclable', 'bande cyclable', 'voie verte', 'double sens cyclable']
  const features = Array.from({ length: 12 }, (_, i) => {
    const start = pointIn(METRO_BBOX, next)
    const coordinates = [start, ...Array.from({ length: 3 }, (_, k) => [round(start[0] + (k + 1) * 0.004 * (next() - 0.3)), round(start[1] + (k + 1) * 0.003)])]
    return {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates },
      properties: { troncon: `TRC-${i + 1}`, amenagement: kinds[i % kinds.length], sens: i % 3 === 0 ? 'unique' : 'double' }
    }
  })
  return JSON.stringify({ type: 'FeatureCollection', features }, null, 1) + '\n'
}

function busStops (): string {
  const next = sequence(2026)
  const streets = ['Gare Centrale', 'Place Royale', 'Les Tanneurs', 'Hôpital Nord', 'Pont Neuf', 'Hôtel de Ville', 'Vieux Valfleury', 'Gare d’Eau', 'Les Charmilles', 'Mont-Joli']
  const rows = Array.from({ length: 30 }, (_, i) => {
    const [lon, lat] = pointIn(CITY_BBOX, next)
    const name = `${streets[i % streets.length]}${i >= streets.length ? ` ${Math.ceil((i + 1) / streets.length)}` : ''}`
    return [`S${1000 + i}`, `"${name}"`, lat, lon, next() > 0.2 ? 1 : 2].join(',')
  })
  return ['stop_id,stop_name,stop_lat,stop_lon,wheelchair_boarding', ...rows].join('\n') + '\n'
}

function budget (): string {
  const lines: Array<[string, string, number]> = [
    ['Fonctionnement', 'Charges de personnel', 412_500_000],
    ['Fonctionnement', 'Charges à caractère général', 138_200_000],
    ['Fonctionnement', 'Subventions aux associations', 61_800_000],
    ['Investissement', 'Écoles et petite enfance', 74_300_000],
    ['Investissement', 'Voirie et espaces publics', 52_900_000],
    ['Investissement', 'Équipements sportifs', 18_400_000]
  ]
  return ['section;chapitre;montant_eur', ...lines.map(line => line.join(';'))].join('\n') + '\n'
}

const CITY_CONTACT = { name: 'Mission données ouvertes', email: 'opendata@valfleury.example.org' }
const METRO_CONTACT = { name: 'Service de l’information géographique', email: 'donnees@valfleury-metropole.example.org' }
const MOBIVAL_CONTACT = { name: 'Pôle données voyageurs', email: 'open-data@mobival.example.org' }

export const DEMO_DATASETS: DemoDataset[] = [
  {
    slug: 'piscines-municipales',
    publisher: 'ville-valfleury',
    title: 'Piscines municipales',
    description: 'Localisation des **piscines municipales** de Valfleury, avec leur adresse et la présence d’un bassin extérieur.',
    keywords: ['piscine', 'sport', 'équipement public', 'baignade'],
    themes: ['EDUC'],
    licence: 'etalab-2.0',
    frequency: 'ANNUAL',
    temporal: { start: '2026-01-01', end: '2026-12-31' },
    bbox: CITY_BBOX,
    contact: CITY_CONTACT,
    issued: '2019-05-14T08:00:00.000Z',
    links: [],
    files: [{ title: 'Piscines municipales (CSV)', fileName: 'piscines-municipales.csv', content: swimmingPools }]
  },
  {
    slug: 'arbres-d-alignement',
    publisher: 'ville-valfleury',
    title: 'Arbres d’alignement',
    description: 'Inventaire des arbres d’alignement gérés par la Ville : essence, hauteur et année de plantation.\n\nExtrait de démonstration de 40 arbres.',
    keywords: ['arbre', 'patrimoine végétal', 'environnement', 'espaces verts'],
    themes: ['ENVI'],
    licence: 'etalab-2.0',
    frequency: 'QUARTERLY',
    temporal: { start: '2015-01-01', end: null },
    bbox: CITY_BBOX,
    contact: CITY_CONTACT,
    issued: '2017-03-02T09:30:00.000Z',
    links: [],
    files: [{ title: 'Arbres d’alignement (GeoJSON)', fileName: 'arbres-alignement.geojson', content: streetTrees }]
  },
  {
    slug: 'budget-primitif',
    publisher: 'ville-valfleury',
    title: 'Budget primitif de la Ville',
    description: 'Budget primitif voté par le conseil municipal, par section et par chapitre.',
    keywords: ['budget', 'finances publiques', 'comptabilité'],
    themes: ['ECON', 'GOVE'],
    licence: 'etalab-2.0',
    frequency: 'ANNUAL',
    temporal: { start: '2026-01-01', end: '2026-12-31' },
    bbox: CITY_BBOX,
    contact: CITY_CONTACT,
    issued: '2026-01-20T10:00:00.000Z',
    links: [{ title: 'Document budgétaire complet (PDF)', downloadUrl: 'https://www.valfleury.example.org/budget/bp-2026.pdf', mediaType: 'application/pdf', format: 'PDF' }],
    files: [{ title: 'Budget primitif 2026 (CSV)', fileName: 'budget-primitif-2026.csv', content: budget }]
  },
  {
    slug: 'deliberations-conseil-municipal',
    publisher: 'ville-valfleury',
    title: 'Délibérations du conseil municipal',
    description: 'Liste des délibérations adoptées en conseil municipal depuis 2014, avec leur objet et leur vote.',
    keywords: ['délibération', 'conseil municipal', 'démocratie locale'],
    themes: ['GOVE'],
    licence: 'etalab-2.0',
    frequency: 'MONTHLY',
    temporal: { start: '2014-04-01', end: null },
    bbox: CITY_BBOX,
    contact: CITY_CONTACT,
    issued: '2018-09-10T07:00:00.000Z',
    links: [
      { title: 'Délibérations (JSON)', downloadUrl: 'https://api.valfleury.example.org/deliberations.json', mediaType: 'application/json', format: 'JSON' },
      { title: 'Recueil des actes administratifs', accessUrl: 'https://www.valfleury.example.org/conseil-municipal/actes', mediaType: 'text/html', format: 'HTML' }
    ],
    files: []
  },
  {
    slug: 'equipements-sportifs',
    publisher: 'ville-valfleury',
    title: 'Équipements sportifs',
    description: 'Gymnases, stades, terrains de proximité et salles spécialisées de la commune.',
    keywords: ['sport', 'gymnase', 'stade', 'équipement public'],
    themes: ['EDUC', 'SOCI'],
    licence: 'cc-by-4.0',
    frequency: 'ANNUAL',
    temporal: { start: '2025-01-01', end: '2025-12-31' },
    bbox: CITY_BBOX,
    contact: CITY_CONTACT,
    issued: '2020-06-01T08:00:00.000Z',
    links: [{ title: 'Équipements sportifs (CSV)', downloadUrl: 'https://data.valfleury.example.org/equipements-sportifs.csv', mediaType: 'text/csv', format: 'CSV' }],
    files: []
  },
  {
    slug: 'qualite-air-mesures-quotidiennes',
    publisher: 'valfleury-metropole',
    title: 'Qualité de l’air : mesures quotidiennes',
    description: 'Concentrations journalières en dioxyde d’azote, particules fines (PM10, PM2,5) et ozone mesurées par les stations de la métropole.',
    keywords: ['qualité de l’air', 'pollution', 'santé', 'environnement'],
    themes: ['ENVI', 'HEAL'],
    licence: 'odbl-1.0',
    frequency: 'DAILY',
    temporal: { start: '2012-01-01', end: null },
    bbox: METRO_BBOX,
    contact: METRO_CONTACT,
    issued: '2016-11-21T06:00:00.000Z',
    links: [{ title: 'Mesures quotidiennes (CSV)', downloadUrl: 'https://data.valfleury-metropole.example.org/air/mesures-quotidiennes.csv', mediaType: 'text/csv', format: 'CSV' }],
    files: []
  },
  {
    slug: 'amenagements-cyclables',
    publisher: 'valfleury-metropole',
    title: 'Aménagements cyclables',
    description: 'Pistes, bandes et voies vertes de la métropole : la **mobilité** à vélo, tronçon par tronçon.',
    keywords: ['vélo', 'mobilité', 'piste cyclable', 'transport'],
    themes: ['TRAN'],
    licence: 'odbl-1.0',
    frequency: 'MONTHLY',
    temporal: { start: '2020-01-01', end: null },
    bbox: METRO_BBOX,
    contact: METRO_CONTACT,
    issued: '2018-04-12T08:00:00.000Z',
    links: [{ title: 'Service WFS', accessUrl: 'https://geo.valfleury-metropole.example.org/wfs?SERVICE=WFS&REQUEST=GetCapabilities', mediaType: 'application/xml', format: 'WFS_SRVC' }],
    files: [{ title: 'Aménagements cyclables (GeoJSON)', fileName: 'amenagements-cyclables.geojson', content: cycleLanes }]
  },
  {
    slug: 'points-collecte-verre',
    publisher: 'valfleury-metropole',
    title: 'Points de collecte du verre',
    description: 'Emplacements des silos à verre sur le territoire métropolitain.',
    keywords: ['déchets', 'recyclage', 'verre', 'collecte'],
    themes: ['ENVI'],
    licence: 'etalab-2.0',
    frequency: 'WEEKLY',
    temporal: { start: '2024-01-01', end: null },
    bbox: METRO_BBOX,
    contact: METRO_CONTACT,
    issued: '2021-02-08T09:00:00.000Z',
    links: [{ title: 'Silos à verre (GeoJSON)', downloadUrl: 'https://data.valfleury-metropole.example.org/dechets/silos-verre.geojson', mediaType: 'application/geo+json', format: 'GEOJSON' }],
    files: []
  },
  {
    slug: 'population-par-iris',
    publisher: 'valfleury-metropole',
    title: 'Population par quartier IRIS',
    description: 'Population municipale par îlot regroupé pour l’information statistique (IRIS), d’après le recensement de l’Insee.',
    keywords: ['population', 'recensement', 'démographie', 'IRIS'],
    themes: ['SOCI', 'REGI'],
    licence: 'etalab-2.0',
    frequency: 'ANNUAL',
    temporal: { start: '2021-01-01', end: '2021-12-31' },
    bbox: METRO_BBOX,
    contact: METRO_CONTACT,
    issued: '2024-07-01T08:00:00.000Z',
    links: [{ title: 'Population 2021 par IRIS (XLSX)', downloadUrl: 'https://data.valfleury-metropole.example.org/population/iris-2021.xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', format: 'XLSX' }],
    files: []
  },
  {
    slug: 'offre-transport-gtfs',
    publisher: 'mobival',
    title: 'Offre de transport en commun (GTFS)',
    description: 'Horaires théoriques des lignes de métro, tramway et bus du réseau, au format GTFS.',
    keywords: ['transport en commun', 'horaires', 'mobilité', 'GTFS', 'bus', 'tramway'],
    themes: ['TRAN'],
    licence: 'odbl-1.0',
    frequency: 'WEEKLY',
    temporal: { start: '2026-09-01', end: '2027-07-04' },
    bbox: METRO_BBOX,
    contact: MOBIVAL_CONTACT,
    issued: '2015-09-01T04:00:00.000Z',
    conformsTo: ['https://gtfs.org/documentation/schedule/reference/'],
    links: [{ title: 'Fichier GTFS', downloadUrl: 'https://data.mobival.example.org/gtfs/mobival.zip', mediaType: 'application/zip', format: 'GTFS' }],
    files: []
  },
  {
    slug: 'arrets-bus-tramway',
    publisher: 'mobival',
    title: 'Arrêts du réseau de bus et de tramway',
    description: 'Position, nom et accessibilité des arrêts desservis par le réseau urbain (extrait de démonstration).',
    keywords: ['arrêt', 'bus', 'tramway', 'accessibilité', 'transport en commun'],
    themes: ['TRAN'],
    licence: 'odbl-1.0',
    frequency: 'WEEKLY',
    temporal: { start: '2026-09-01', end: null },
    bbox: CITY_BBOX,
    contact: MOBIVAL_CONTACT,
    issued: '2015-09-01T04:00:00.000Z',
    links: [],
    files: [{ title: 'Arrêts (CSV)', fileName: 'arrets.csv', content: busStops }]
  },
  {
    slug: 'frequentation-stations-metro',
    publisher: 'mobival',
    title: 'Fréquentation des stations de métro',
    description: 'Nombre de validations mensuelles par station de métro et de funiculaire.',
    keywords: ['fréquentation', 'métro', 'validations', 'mobilité'],
    themes: ['TRAN'],
    licence: 'etalab-2.0',
    frequency: 'MONTHLY',
    temporal: { start: '2019-01-01', end: null },
    bbox: CITY_BBOX,
    contact: MOBIVAL_CONTACT,
    issued: '2020-02-15T08:00:00.000Z',
    links: [{ title: 'Validations mensuelles (CSV)', downloadUrl: 'https://data.mobival.example.org/frequentation/validations-mensuelles.csv', mediaType: 'text/csv', format: 'CSV' }],
    files: []
  },
  {
    slug: 'parcs-relais-disponibilite',
    publisher: 'mobival',
    title: 'Parcs relais : disponibilité en temps réel',
    description: 'Nombre de places libres dans les parcs relais, mis à jour en continu.\n\nJeu de données en préparation : visible de Mobival seulement.',
    keywords: ['parc relais', 'stationnement', 'temps réel', 'mobilité'],
    themes: ['TRAN'],
    licence: 'etalab-2.0',
    frequency: 'UPDATE_CONT',
    temporal: { start: '2026-11-01', end: null },
    bbox: METRO_BBOX,
    contact: MOBIVAL_CONTACT,
    issued: '2026-11-01T08:00:00.000Z',
    status: 'draft',
    links: [{ title: 'API disponibilité (JSON)', accessUrl: 'https://api.mobival.example.org/parcs-relais', mediaType: 'application/json', format: 'JSON' }],
    files: []
  }
]

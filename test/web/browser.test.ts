// The dataset page and the API documentation in a real browser (Debian's chromium driven by playwright-core):
// they render, no script from a publisher's text runs, the download link works, /docs calls the API, and
// the policy reports nothing.
// Chromium missing is a failure, not a skip: CI installs it.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import net from 'node:net'
import t from 'tap'
import { chromium } from 'playwright-core'
import { buildTestApp } from '../support/build-app.js'
import { CSV, seed } from './support.js'

const CHROMIUM = '/usr/bin/chromium'
t.ok(existsSync(CHROMIUM), `${CHROMIUM} is installed (apt-get install -y chromium)`)

/** A free loopback port, so that PUBLIC_URL (every link on the page) is where the app listens. */
async function freePort (): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

const port = await freePort()
const publicUrl = `http://127.0.0.1:${port}`
const app = await buildTestApp(t, { harvestWorker: false, qualityWorker: false, publicUrl })
const f = await seed(app)
await app.listen({ port, host: '127.0.0.1' })

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
t.teardown(() => browser.close())
const context = await browser.newContext({ acceptDownloads: true })
const page = await context.newPage()
const dialogs: string[] = []
const consoleErrors: string[] = []
page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}) })
page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text()) })
page.on('pageerror', (error) => { consoleErrors.push(error.message) })

t.test('the dataset page renders and runs nothing from the publisher', async t => {
  const response = await page.goto(`${publicUrl}/datasets/arrets`)
  t.equal(response?.status(), 200)
  t.equal(await page.title(), 'Arrêts de bus <b>"urbains"</b> — Test catalogue')
  t.equal(await page.locator('h1').innerText(), 'Arrêts de bus <b>"urbains"</b>')
  t.equal(await page.locator('html').getAttribute('lang'), 'fr')
  const description = page.locator('.description')
  t.match(await description.innerText(), /<script>alert\(1\)<\/script>/, 'the script tag shows as text')
  t.equal(await description.locator('script, img').count(), 0)
  t.equal(await description.locator('a[href^="javascript:"]').count(), 0)
  t.equal(await page.locator('body script').count(), 0, 'no script element in the body')
  t.equal(await page.locator('head script').count(), 1, 'only the JSON-LD data block')
  t.equal(await page.locator('head script').getAttribute('type'), 'application/ld+json')
  // The one link in the list item is not followed: it is text.
  t.equal(await description.getByText('x', { exact: true }).count(), 0)
  await description.locator('li', { hasText: 'un x' }).click()
  const jsonLd = JSON.parse(await page.locator('head script').textContent() ?? '')
  t.match(jsonLd, { '@type': 'Dataset', name: 'Arrêts de bus <b>"urbains"</b>' })
  t.same(dialogs, [], 'no dialog opened')
})

t.test('the download link gives the file', async t => {
  const link = page.getByRole('link', { name: /Télécharger/ })
  t.equal(await link.getAttribute('href'), `${publicUrl}/distributions/${f.fileDistribution}/file`)
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
  t.equal(download.suggestedFilename(), 'arrets.csv')
  t.equal(await readFile((await download.path())!, 'utf8'), CSV)
})

t.test('the search form, the publisher page and an error page', async t => {
  await page.getByLabel('Rechercher un jeu de données').fill('arrets')
  await Promise.all([page.waitForURL(/\/datasets\?q=arrets/), page.getByRole('button', { name: 'Rechercher' }).click()])
  t.equal(await page.locator('h1').innerText(), 'Recherche « arrets »')
  await Promise.all([page.waitForURL(/\/publishers\/ville$/), page.getByRole('link', { name: 'Publisher ville' }).first().click()])
  t.equal(await page.locator('h1').innerText(), 'Publisher ville')
  const missing = await page.goto(`${publicUrl}/datasets/brouillon`)
  t.equal(missing?.status(), 404)
  t.equal(await page.locator('h1').innerText(), 'Page introuvable')
  const home = await page.goto(`${publicUrl}/`)
  t.equal(home?.status(), 200)
  t.equal(await page.locator('main h1').innerText(), 'Test catalogue')
})

t.test('the API documentation at /docs renders the contract and runs a call', async t => {
  const response = await page.goto(`${publicUrl}/docs`)
  t.equal(response?.status(), 200)
  const operation = page.locator('#operations-datasets-getDataset')
  await operation.waitFor()
  t.ok(await page.locator('.opblock').count() > 50, 'every operation listed')
  await operation.locator('.opblock-summary').click()
  await operation.getByRole('button', { name: 'Try it out' }).click()
  await operation.locator('input[placeholder="idOrSlug"]').fill('arrets')
  await operation.getByRole('button', { name: 'Execute' }).click()
  const status = operation.locator('.live-responses-table tbody .response-col_status').first()
  await status.waitFor()
  t.equal((await status.innerText()).trim(), '200', 'the call from the page reached the API')
  t.match(await operation.locator('.live-responses-table tbody .response-col_description pre').first().innerText(), /"slug": "arrets"/, 'and shows its answer')
})

t.test('no console errors: the policy blocked nothing the pages need', async t => {
  t.same(consoleErrors.filter((text) => !/status of 404/.test(text)), [])
  t.same(dialogs, [])
})

// The storage contract on the local folder adapter.
import t from 'tap'
import { LocalStorage } from '../../src/storage/local.js'
import { storageDir, storedFiles } from '../files/helpers.js'
import { storageContract } from './contract.js'

const dir = await storageDir(t)

storageContract(t, {
  node: async () => {
    const storage = new LocalStorage(dir)
    await storage.init()
    return storage
  },
  data: async () => await storedFiles(dir)
})

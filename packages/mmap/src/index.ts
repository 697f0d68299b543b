export { mapFile, mapFileSupport } from './map-file.js'

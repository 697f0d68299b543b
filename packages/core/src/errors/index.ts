export * from './errors.js'
export * from './setup-errors.js'
export * from './run-errors.js'
export * from './backend-errors.js'

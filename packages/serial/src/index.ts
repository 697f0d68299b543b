import './register.js'

export { serialBackend } from './serial-backend.js'

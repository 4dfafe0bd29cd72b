export { rateLimitAddress } from './client-address';

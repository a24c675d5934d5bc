import { register } from 'tsx/esm/api';

register();
const { stopTestServices } = await import('./test-services.ts');

export default stopTestServices;

// Jest loads global setup outside its own transform pipeline, where TypeScript
// sources cannot be imported; tsx's loader lets this file use the same .ts code
// (libs/devstack, libs/db) as the apps. No decorators run here, so tsx suffices.
import { register } from 'tsx/esm/api';

register();
const { startTestServices } = await import('./test-services.ts');

export default startTestServices;

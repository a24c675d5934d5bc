export { DeadLetters, type Letter } from './dead-letters.js';
export { deadLettersProvider } from './dead-letters.provider.js';

export { DeadLetters, type Letter } from './dead-letters.js';

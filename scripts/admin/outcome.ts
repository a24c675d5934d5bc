/** What a command has to show: the API's answer for --json, lines otherwise. */
export interface Outcome {
  /** The API's answer as it came; undefined when it had none (204). */
  answer: unknown;
  lines: string[];
  /** Said in either mode (on stderr with --json, so stdout stays the JSON alone). */
  notice?: string;
}

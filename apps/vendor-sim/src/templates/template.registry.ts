import { compileTemplate, type CompiledTemplate } from './template.matcher.js';

/** The vendor's approved templates; approval happens out of band, here via PUT /_sim/templates/:code. */
export class TemplateRegistry {
  private readonly byCode = new Map<string, CompiledTemplate>();

  approve(code: string, body: string): CompiledTemplate {
    const compiled = compileTemplate(body);
    this.byCode.set(code, compiled);
    return compiled;
  }

  withdraw(code: string): boolean {
    return this.byCode.delete(code);
  }

  find(code: string): CompiledTemplate | undefined {
    return this.byCode.get(code);
  }

  list(): Array<{ code: string; body: string; variables: readonly string[] }> {
    return [...this.byCode].map(([code, template]) => ({ code, body: template.body, variables: template.variables }));
  }

  clear(): void {
    this.byCode.clear();
  }
}

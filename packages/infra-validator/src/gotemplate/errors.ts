/*
 * The errors of the Go template renderer: the public TemplateError and the
 * internal ones it is made from.
 */

/** A template that does not parse or fails to execute, with the line it fails at. */
export class TemplateError extends Error {
  constructor(public readonly line: number, public readonly reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'TemplateError';
    Object.setPrototypeOf(this, TemplateError.prototype);
  }
}

/** A construct Go accepts that this renderer does not reproduce. */
export class Unsupported extends Error {}

/** An error a template function returns to text/template. */
export class CallError extends Error {}

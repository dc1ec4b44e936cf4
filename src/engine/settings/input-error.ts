/** The one error type for bad input: the shells show its message as it is, with no stack trace. */

/** Thrown for invalid input: the message names the input and the expected form. */
export class InputError extends Error {
  constructor(
    public readonly input: string,
    message: string
  ) {
    super(message)
    this.name = 'InputError'
  }
}

// Errors this package throws, as values with stable codes: the outbox worker decides on `retryable`,
// and staff see `reason`, which never carries addresses, message text or server replies.

export const DELIVERY_ERROR_CODES = [
  'SMTP_TEMPORARY',
  'SMTP_PERMANENT',
  'CONNECTION',
  'TIMEOUT',
  // Handed over whole, then no word from the server on whether it took it: it may have arrived.
  'UNCONFIRMED',
  'HTTP_STATUS',
  'INVALID_MESSAGE',
  'INVALID_RECIPIENT',
  'AUTH',
  'UNKNOWN',
] as const;
export type DeliveryErrorCode = (typeof DELIVERY_ERROR_CODES)[number];

/** A message could not be delivered; `retryable` says whether trying the same message again may work. */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  readonly code: DeliveryErrorCode;
  readonly retryable: boolean;
  /** A short explanation safe to show staff and store on the outbox row. */
  readonly reason: string;

  constructor(input: { code: DeliveryErrorCode; retryable: boolean; reason: string; cause?: unknown }) {
    super(input.reason, { cause: input.cause });
    this.code = input.code;
    this.retryable = input.retryable;
    this.reason = input.reason;
  }
}

export const TEMPLATE_ERROR_CODES = ['UNKNOWN_PLACEHOLDER', 'MISSING_VALUE', 'INVALID_VALUE'] as const;
export type TemplateErrorCode = (typeof TEMPLATE_ERROR_CODES)[number];

/** A template or its values cannot produce a message; `names` lists the placeholders at fault. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly code: TemplateErrorCode;
  readonly names: string[];

  constructor(code: TemplateErrorCode, names: string[], message: string) {
    super(message);
    this.code = code;
    this.names = names;
  }
}

/** Configuration (an environment variable) is unusable; the message names the variable, never its secret. */
export class NotifyConfigError extends Error {
  override readonly name = 'NotifyConfigError';
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.variable = variable;
  }
}

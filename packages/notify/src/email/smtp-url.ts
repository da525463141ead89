// Reads SMTP_URL: smtp://user:pass@host:port (STARTTLS when the server offers it) or smtps:// (TLS from
// the first byte). Credentials are optional. Errors name the variable but never repeat the URL, which
// may hold a password.
import { NotifyConfigError } from '../errors.ts';

export interface SmtpConfig {
  host: string;
  port: number;
  /** true for smtps:// (implicit TLS). */
  secure: boolean;
  auth?: { user: string; pass: string };
}

const EXPECTED =
  'expected smtp://user:pass@host:port or smtps://user:pass@host:port (user:pass@ is optional).';
const DEFAULT_PORTS = { smtp: 587, smtps: 465 } as const;

export function parseSmtpUrl(smtpUrl: string): SmtpConfig {
  let url: URL;
  try {
    url = new URL(smtpUrl.trim());
  } catch {
    throw new NotifyConfigError('SMTP_URL', `is not a valid URL; ${EXPECTED}`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'smtp' && scheme !== 'smtps') {
    throw new NotifyConfigError('SMTP_URL', `must start with smtp:// or smtps://; ${EXPECTED}`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new NotifyConfigError('SMTP_URL', `has no host; ${EXPECTED}`);
  const port = url.port === '' ? DEFAULT_PORTS[scheme] : Number(url.port);
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  if ((user === '') !== (pass === '')) {
    throw new NotifyConfigError('SMTP_URL', 'needs both a user name and a password, or neither.');
  }
  return { host, port, secure: scheme === 'smtps', ...(user ? { auth: { user, pass } } : {}) };
}

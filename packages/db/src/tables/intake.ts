import type { ApplicationLanguage } from '@relief-desk/domain';
import type { Generated, Selectable } from 'kysely';

/** A partner organisation's key to the referral API: only its SHA-256 is kept, shown once when made. */
export interface PartnerApiKeysTable {
  id: string;
  office_id: string;
  /** The partner's name, as the office knows it ("Root & Rebound"): the referral's source detail. */
  name: string;
  /** SHA-256 (hex) of the whole key. */
  key_hash: string;
  /** The key's first characters, so an administrator can tell keys apart. */
  key_prefix: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_by: string | null;
  revoked_at: string | null;
  /** One more each time an administrator changes the key (revokes it). */
  version: Generated<number>;
}
export type PartnerApiKey = Selectable<PartnerApiKeysTable>;

/** A link an applicant follows to see where their application stands: only a hash of its token is kept. */
export interface ApplicationStatusLinksTable {
  token_hash: string;
  office_id: string;
  client_id: string;
  /** The language the applicant chose: the status page opens in it. */
  language: ApplicationLanguage;
  created_at: string;
  /**
   * The records whose matters the link shows (a JSON array of client ids, migration 0067); null: the
   * link's own record. Set on a new link asked for by e-mail or phone: the records that gave it.
   */
  record_ids: string | null;
}

/**
 * An online application's form key (made when the form was drawn) with the answer it got, written in
 * the application's transaction: the same form sent again answers the same, and records nothing.
 */
export interface ApplicationSubmissionsTable {
  office_id: string;
  submission_key: string;
  client_id: string | null;
  /** JSON: what the applicant was told (counties, which office serves each, how we confirm). */
  response: string;
  /** A hash of the fields sent: the same key with other content is not the same form sent again. */
  content_hash: string | null;
  /** When the form first came again with other content (staff are told of it once). */
  changed_sent_at: string | null;
  created_at: string;
}

/**
 * How many matters an office holds per stage, county, assignee ('' for none) and open or closed;
 * kept by triggers on matters (migration 0023), read by the dashboard and the queue counts.
 */
export interface MatterCountsTable {
  office_id: string;
  stage: string;
  county: string;
  assignee_id: string;
  open: number;
  count: number;
}

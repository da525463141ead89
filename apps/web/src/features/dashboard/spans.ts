// What the dashboard's spans of days are, said exactly. Its window is the 84 days ending today, cut
// into 12 spans of 7 days that end today too: they start on any weekday, unlike the calendar's weeks
// (Sunday to Saturday), so they are called spans of 7 days, with the weekdays they run between.
import { addDays, DASHBOARD_WEEKS } from '@relief-desk/domain';

const WEEKDAY = new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' });
const weekday = (isoDate: string) => WEEKDAY.format(new Date(`${isoDate}T00:00:00Z`));

/** "12 spans of 7 days ending today, each Monday to Sunday (not calendar weeks)." */
export function spansSaid(today: string): string {
  const first = weekday(addDays(today, -6));
  const calendar = first === 'Sunday' ? '' : ' (not calendar weeks)';
  return `${DASHBOARD_WEEKS} spans of 7 days ending today, each ${first} to ${weekday(today)}${calendar}.`;
}

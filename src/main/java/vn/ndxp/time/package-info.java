/**
 * Time as the platform counts it, a leaf that every other part may use: local days in
 * Asia/Ho_Chi_Minh (UTC+7, one place for the day arithmetic: {@link vn.ndxp.time.LocalDays}), the
 * Vietnamese working calendar with its holidays, Tết and office hours
 * ({@link vn.ndxp.time.VietnamCalendar}, {@link vn.ndxp.time.WorkingTime}), and the event-time clock
 * of an input partition ({@link vn.ndxp.time.PlatformClock}).
 */
package vn.ndxp.time;

/**
 * The Vietnamese working calendar: local dates in Asia/Ho_Chi_Minh (UTC+7), public holidays, the
 * Tết break, compensatory days and public-office hours. See
 * {@link vn.ndxp.simulator.calendar.VietnamCalendar}.
 */
package vn.ndxp.simulator.calendar;

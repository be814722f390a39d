import { defineErrors } from '../../platform/http/errors.ts';

/** Error codes of the service hall (政务服务大厅). */
export const HallErrors = defineErrors('HALL', {
  HALL_DIVISION_UNKNOWN: { status: 400, zh: '行政区划代码不存在', en: 'Unknown administrative division code' },
  HALL_OPEN_HOURS_INVALID: { status: 400, zh: '办公时间格式应为 09:00-12:00，且时段不能重叠', en: 'Open hours are ranges such as 09:00-12:00 that do not overlap' },
  HALL_WINDOW_NUMBER_TAKEN: { status: 409, zh: '该大厅已有此编号的窗口', en: 'The hall already has a window with this number' },
  HALL_STAFF_UNKNOWN: { status: 400, zh: '指定的工作人员不存在或不在本大厅所在区域', en: 'An assigned staff member does not exist or does not serve the hall\'s region' },
  HALL_SLOT_PAST: { status: 400, zh: '不能预约已开始或已过去的时段', en: 'This slot has started or is in the past' },
  HALL_SLOT_CLOSED_DAY: { status: 400, zh: '该日为非工作日，大厅不办理预约', en: 'The hall takes no appointments on non-working days' },
  HALL_SLOT_TOO_FAR: { status: 400, zh: '超出可预约的天数', en: 'This day is beyond the booking horizon' },
  HALL_SLOT_UNKNOWN: { status: 400, zh: '该窗口没有此时段或不办理此事项', en: 'The window has no such slot or does not handle this item' },
  HALL_SLOT_FULL: { status: 409, zh: '该时段已约满，请选择其他时段', en: 'This slot is fully booked; choose another' },
  HALL_BOOKING_EXISTS: { status: 409, zh: '您已有该事项的有效预约，请先取消或办理后再约', en: 'You already have an active booking for this item; cancel it first' },
  HALL_BOOKING_NOT_ACTIVE: { status: 409, zh: '该预约已取消或已到号', en: 'This booking is cancelled or already used' },
  HALL_BOOKING_NOT_FOUND: { status: 404, zh: '没有找到今天在本大厅的有效预约', en: 'No active booking for today at this hall was found' },
  HALL_HEALTH_CODE_INVALID: { status: 400, zh: '健康码无效或已过期，请刷新健康码后重新出示', en: 'The health code is invalid or expired; refresh it and show it again' },
  HALL_HEALTH_CODE_REFUSED: { status: 403, zh: '健康码非绿码，暂不能取号，请联系现场工作人员', en: 'The health code is not green; no number can be issued. Please ask the staff on site' },
  HALL_KIOSK_UNBOUND: { status: 403, zh: '此设备未绑定大厅', en: 'This device is not bound to a hall' },
  HALL_ITEM_UNKNOWN: { status: 400, zh: '事项编码不在本地区已发布的政务服务事项目录中', en: 'An item code is not a published service item of the hall\'s area' },
  HALL_ITEM_NOT_SERVED: { status: 400, zh: '本大厅没有窗口办理此事项', en: 'No window of this hall handles this item' },
  HALL_WINDOW_BUSY: { status: 409, zh: '请先办结或标记过号当前号码', en: 'Finish the current number (served or no-show) first' },
  HALL_TICKET_NOT_CALLED: { status: 409, zh: '该号码不在本窗口叫号中', en: 'This number is not being served at this window' },
  HALL_QUEUE_EMPTY: { status: 404, zh: '当前没有等候的号码', en: 'Nobody is waiting for this window' },
  HALL_SAME_WINDOW: { status: 400, zh: '转窗须选择另一个窗口', en: 'A transfer must go to another window' },
});

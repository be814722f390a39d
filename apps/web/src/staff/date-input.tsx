/**
 * The one date field of the staff surfaces (issue 11: one date picker everywhere): antd's DatePicker
 * in the UI language's locale (antd-config.tsx sets dayjs's), holding the date as the API does, a
 * 'YYYY-MM-DD' string, so it drops into a Form.Item where a native <input type="date"> was.
 */
import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

const FORMAT = 'YYYY-MM-DD';

interface Props {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  /** Earliest and latest selectable day, 'YYYY-MM-DD'. */
  min?: string;
  max?: string;
  id?: string;
  'aria-label'?: string;
  style?: React.CSSProperties;
  allowClear?: boolean;
}

/** A day as 'YYYY-MM-DD'; empty when cleared. */
export function DateInput({ value, onChange, min, max, allowClear = true, ...rest }: Props) {
  const disabledDate = (day: Dayjs) => (min ? day.format(FORMAT) < min : false) || (max ? day.format(FORMAT) > max : false);
  return (
    <DatePicker
      {...rest}
      style={{ width: '100%', ...rest.style }}
      format={FORMAT}
      allowClear={allowClear}
      value={value ? dayjs(value, FORMAT) : null}
      disabledDate={min || max ? disabledDate : undefined}
      onChange={(day: Dayjs | null) => onChange?.(day ? day.format(FORMAT) : undefined)}
    />
  );
}

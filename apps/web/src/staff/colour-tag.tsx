/** A health-code colour as an antd tag (staff surfaces). */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Colour } from '@fangxian/contracts/kernel/colour';
import { COLOUR_TAG } from '../shared/health/colour.ts';

/** 绿码 / 黄码 / 红码 in the code's colour. */
export function ColourTag({ colour }: { colour: Colour }) {
  const { t } = useTranslation('health');
  return (
    <Tag color={COLOUR_TAG[colour]} data-colour={colour}>
      {t(`colour.${colour}`)}
    </Tag>
  );
}

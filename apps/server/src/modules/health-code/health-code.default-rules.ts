import type { Rule } from './health-code.types.ts';

/**
 * The rule set installed on first start (version 1), modelled on the 2020 provincial rules in
 * DOMAIN.md: confirmed / suspected / fever → red; high-risk travel → red; close contact, medium-risk
 * travel, living in a risk area, missing temperature record → yellow; 7 (yellow) or 14 (red)
 * consecutive days of normal check-in to turn green, and red → green also needs the county command
 * post's confirmation (Ankang). Health officers replace it by publishing new versions.
 */
export const DEFAULT_RULES: Rule[] = [
  {
    id: 'case',
    condition: { fact: 'personStatus', in: ['confirmed', 'suspected', 'asymptomatic'] },
    colour: 'red',
    reasonCode: 'CASE',
    text: { zh: '登记为{status}（{day}，{source}）', en: 'Registered as {status} ({day}, {source})' },
    durationDays: 14,
    needsConfirmation: true,
  },
  {
    id: 'fever',
    condition: { any: [{ fact: 'fever', withinDays: 1 }, { fact: 'symptoms', withinDays: 1, any: ['fever'] }] },
    colour: 'red',
    reasonCode: 'FEVER',
    text: { zh: '{day} 申报发热（{celsius}℃）', en: 'Fever declared on {day} ({celsius} °C)' },
    durationDays: 14,
    needsConfirmation: true,
  },
  {
    id: 'high-risk-travel',
    condition: { fact: 'visitedRiskArea', level: 'high', withinDays: 14 },
    colour: 'red',
    reasonCode: 'HIGH_RISK_TRAVEL',
    text: { zh: '14 日内到访高风险地区 {area}，{day}', en: 'Visited the high-risk area {area} on {day} (within 14 days)' },
    durationDays: 14,
    needsConfirmation: true,
  },
  {
    id: 'central-quarantine',
    condition: { fact: 'quarantine', kind: 'central' },
    colour: 'red',
    reasonCode: 'CENTRAL_QUARANTINE',
    text: { zh: '集中隔离医学观察中（{day} 起）', en: 'In central quarantine (since {day})' },
    durationDays: 0,
    needsConfirmation: false,
  },
  {
    id: 'close-contact',
    condition: { fact: 'personStatus', in: ['close_contact', 'secondary_contact'] },
    colour: 'yellow',
    reasonCode: 'CLOSE_CONTACT',
    text: { zh: '登记为{status}（{day}，{source}）', en: 'Registered as {status} ({day}, {source})' },
    durationDays: 7,
    needsConfirmation: false,
  },
  {
    id: 'declared-contact',
    condition: { fact: 'contactWithCase', withinDays: 14 },
    colour: 'yellow',
    reasonCode: 'DECLARED_CONTACT',
    text: { zh: '{day} 申报曾接触病例', en: 'Declared contact with a case on {day}' },
    durationDays: 7,
    needsConfirmation: false,
  },
  {
    id: 'medium-risk-travel',
    condition: { fact: 'visitedRiskArea', level: 'medium', withinDays: 14 },
    colour: 'yellow',
    reasonCode: 'MEDIUM_RISK_TRAVEL',
    text: { zh: '14 日内到访中风险地区 {area}，{day}', en: 'Visited the medium-risk area {area} on {day} (within 14 days)' },
    durationDays: 7,
    needsConfirmation: false,
  },
  {
    id: 'residence-in-risk-area',
    condition: { fact: 'residenceInRiskArea', level: ['high', 'medium'] },
    colour: 'yellow',
    reasonCode: 'RESIDENCE_IN_RISK_AREA',
    text: { zh: '现居住地 {area} 为{level}风险地区，居家观察', en: 'Your residence {area} is a {level}-risk area: stay-at-home observation' },
    durationDays: 7,
    needsConfirmation: false,
  },
  {
    id: 'home-quarantine',
    condition: { fact: 'quarantine', kind: 'home' },
    colour: 'yellow',
    reasonCode: 'HOME_QUARANTINE',
    text: { zh: '居家隔离医学观察中（{day} 起）', en: 'In home quarantine (since {day})' },
    durationDays: 0,
    needsConfirmation: false,
  },
  {
    id: 'symptoms',
    condition: { fact: 'symptoms', withinDays: 1, any: ['cough', 'fatigue', 'sore_throat', 'shortness_of_breath', 'diarrhoea', 'loss_of_smell'] },
    colour: 'yellow',
    reasonCode: 'SYMPTOMS',
    text: { zh: '{day} 申报症状：{value}', en: 'Symptoms declared on {day}: {value}' },
    durationDays: 7,
    needsConfirmation: false,
  },
  {
    id: 'missing-temperature',
    condition: { fact: 'missingTemperatureDays', gte: 1 },
    colour: 'yellow',
    reasonCode: 'MISSING_TEMPERATURE',
    text: { zh: '已 {value} 天未申报体温，请每日打卡', en: 'No temperature record for {value} day(s): please check in daily' },
    durationDays: 0,
    needsConfirmation: false,
  },
];

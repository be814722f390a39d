/** Strings every surface uses (namespace `common`). */
import type { LocaleShape } from '../../i18n/i18n.ts';
import type zh from '../zh-CN/common.ts';

const common: LocaleShape<typeof zh> = {
  brand: 'Fangxian',
  brandFull: 'Fangxian · Epidemic defence and e-government platform',
  language: { label: 'Language', 'zh-CN': '简体中文', en: 'English' },
  action: {
    confirm: 'OK',
    cancel: 'Cancel',
    save: 'Save',
    submit: 'Submit',
    search: 'Search',
    reset: 'Reset',
    retry: 'Retry',
    refresh: 'Refresh',
    back: 'Back',
    close: 'Close',
    copy: 'Copy',
    copied: 'Copied',
    signIn: 'Sign in',
    signOut: 'Sign out',
  },
  state: { loading: 'Loading…', empty: 'No data', saved: 'Saved', failed: 'The operation failed' },
  error: {
    network: 'Network error. Check your connection and try again.',
    forbiddenTitle: 'Access denied',
    forbidden: 'Your account is not allowed to open this page.',
    notFoundTitle: 'Page not found',
    notFound: 'The page does not exist or has been removed.',
    loadFailed: 'Failed to load',
  },
  role: {
    sys_admin: 'System administrator',
    big_data: 'Big-data bureau',
    health: 'Health commission',
    police: 'Police',
    county_command: 'County command post',
    supervision: 'Supervision office',
    service_center: 'Government service centre',
    editor: 'Editor',
    venue_staff: 'Venue staff',
  },
  documentType: {
    resident_id: 'Resident ID card',
    passport: 'Passport',
    hk_macao_permit: 'Mainland travel permit (HK/Macao)',
    taiwan_permit: 'Mainland travel permit (Taiwan)',
    foreign_permanent_residence: "Foreigner's permanent residence ID",
  },
  sex: { male: 'Male', female: 'Female' },
  division: { placeholder: 'Select a division', loadFailed: 'Could not load divisions' },
  staffSignIn: {
    username: 'Username',
    usernameRequired: 'Enter your username',
    password: 'Password',
    passwordRequired: 'Enter your password',
    submit: 'Sign in',
    notice: 'For authorised staff only. Every action is recorded in the audit log.',
    copyright: 'Fangxian · open-source epidemic defence and e-government platform',
  },
};
export default common;

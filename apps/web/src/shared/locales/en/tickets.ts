/** Ticket strings (namespace `tickets`): supervision reports, complaints, consultations, suggestions. */
import type { LocaleShape } from '../../i18n/i18n.ts';
import type zh from '../zh-CN/tickets.ts';

const tickets: LocaleShape<typeof zh> = {
  nav: { section: 'Reports & complaints', worklist: 'Ticket worklist', mine: 'My requests', new: 'Report a problem', outbox: 'National platform outbox' },
  kind: { report: 'Supervision report', complaint: 'Complaint', consultation: 'Consultation', suggestion: 'Suggestion', help: 'Request for help' },
  status: { submitted: 'Submitted', accepted: 'Accepted', rejected: 'Rejected', assigned: 'Assigned', in_progress: 'In progress', replied: 'Answered', closed: 'Closed', visited: 'Follow-up call done', merged: 'Merged' },
  action: {
    submit: 'Submitted', accept: 'Accept', reject: 'Reject', assign: 'Assign', transfer: 'Transfer', return: 'Return', start: 'Start', reply: 'Answer', close: 'Close', rate: 'Rate', reopen: 'Reopened (dissatisfied)',
    supervise: 'Press (督办)', request_extension: 'Ask for more time', approve_extension: 'Approve extension', deny_extension: 'Deny extension', merge: 'Merge into master', visit: 'Follow-up call', master_reply: 'Master ticket answered', warn: 'Deadline warning', escalate: 'Escalated (overdue)',
  },
  rating: { '1': 'Very satisfied', '2': 'Satisfied', '3': 'Fairly satisfied', '4': 'Dissatisfied', '5': 'Very dissatisfied' },
  field: {
    number: 'Ticket number', kind: 'Kind', status: 'Status', title: 'Title', description: 'Description', region: 'Area', address: 'Place', department: 'Department',
    dueAt: 'Due', createdAt: 'Submitted at', reply: 'Answer', rejectReason: 'Reason for rejection', rating: 'Rating', reporter: 'Reporter', phone: 'Phone',
    email: 'E-mail', channel: 'Channel', attachments: 'Photos', contactName: 'Contact name (optional)', contactPhone: 'Contact phone (optional)', note: 'Note',
    master: 'Master ticket number', days: 'Extra working days', visitRating: 'Rating on the call (optional)', superviseCount: 'Pressed', extension: 'Pending extension', masterTicket: 'Merged into',
  },
  channel: { app: 'Citizen app', open311: 'Open311 API', hotline: '12345 hotline', national: 'National platform' },
  worklist: {
    intro: 'Dispatchers (supervision office, 12345) see every ticket of their region; departments see the tickets assigned to them. Overdue tickets come first. Every view is audited.',
    filterStatus: 'Status', filterKind: 'Kind', onlyOverdue: 'Overdue only', searchNumber: 'Find by ticket number', overdue: 'Overdue', total: '{{count}} in all',
    detail: 'Ticket', history: 'History', anonymous: 'Anonymous report', masked: 'Personal data masked', noActions: 'Nothing for you to do on this ticket now',
    notePlaceholder: 'Reason or answer', chooseDepartment: 'Choose the department', done: '{{action}}: done', attachment: 'Attachment {{n}}',
    dispatcherView: 'As dispatcher', departmentView: 'As department', extensionDays: '{{days}} working days',
  },
  outbox: {
    intro: 'Results reported back to the national platform for forwarded clues. The local adapter sends nothing out: "sent" means recorded here; failed tries are retried with backoff.',
    status: 'Status', externalId: 'National id', event: 'Event', adapter: 'Adapter', attempts: 'Attempts', lastError: 'Last error', sentAt: 'Sent at',
    state: { pending: 'Pending', sent: 'Sent', failed: 'Failed' },
  },
  citizen: {
    newTitle: 'Report a problem', newIntro: 'Tell us about a problem with epidemic control. Follow progress and the answer under "My requests", and rate the answer.',
    photos: 'Photos (up to 9)', submit: 'Submit', submitted: 'Submitted as {{number}}', mineTitle: 'My requests', none: 'You have not filed anything yet',
    detailTitle: 'Request', timeline: 'Progress', rate: 'Rate the answer', rateIntro: 'Dissatisfied (or very dissatisfied) sends it back to the department.', rated: 'Thank you for your rating',
    comment: 'Comment (optional)', titleRequired: 'Enter a title (2–100 characters)', descriptionRequired: 'Describe the problem (at least 5 characters)', regionRequired: 'Choose the area',
    choose: 'Choose', dueBy: 'Answer due by {{date}}', uploading: 'Uploading…', newTicket: 'Report a problem',
  },
};
export default tickets;

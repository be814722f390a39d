/** Ticket strings (namespace `tickets`): supervision reports, complaints, consultations, suggestions. */
import type { LocaleShape } from '../../i18n/i18n.ts';
import type zh from '../zh-CN/tickets.ts';

const tickets: LocaleShape<typeof zh> = {
  nav: { section: 'Reports & complaints', worklist: 'Ticket worklist', mine: 'My requests', new: 'Report a problem', outbox: 'National platform outbox', kpi: 'Ticket KPIs', hotline: 'Hotline entry', categories: 'Ticket categories', routing: 'Routing rules' },
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
    filterStatus: 'Status', filterKind: 'Kind', onlyOverdue: 'Overdue only', searchNumber: 'Find by ticket number', overdue: 'Overdue', total: '{{count}} in all', totalCapped: '{{count}}+ in all', previous: 'Previous', next: 'Next', page: 'Page {{page}}',
    detail: 'Ticket', history: 'History', anonymous: 'Anonymous report', masked: 'Personal data masked', noActions: 'Nothing for you to do on this ticket now',
    notePlaceholder: 'Reason or answer', chooseDepartment: 'Choose the department', done: '{{action}}: done', attachment: 'Attachment {{n}}',
    dispatcherView: 'As dispatcher', departmentView: 'As department', extensionDays: '{{days}} working days',
  },
  outbox: {
    intro: 'Results reported back to the national platform for forwarded clues. The local adapter sends nothing out: "sent" means recorded here; failed tries are retried with backoff.',
    status: 'Status', externalId: 'National id', event: 'Event', adapter: 'Adapter', attempts: 'Attempts', lastError: 'Last error', sentAt: 'Sent at',
    state: { pending: 'Pending', sent: 'Sent', failed: 'Failed' },
  },
  kpi: {
    intro: 'One month of tickets in your region: response, on-time and satisfaction rates by department, and counts by source, category and day. Every view is audited.',
    download: 'Download XLSX', month: 'Month', received: 'Received', answered: 'Answered', responseRate: 'Response rate', answeredOnTime: 'Answered on time', onTimeRate: 'On-time rate',
    rated: 'Rated', satisfied: 'Satisfied', satisfactionRate: 'Satisfaction rate', byChannel: 'By source', byCategory: 'By category', byDay: 'By day', count: 'Count', category: 'Category', noCategory: 'No category', day: 'Day',
  },
  hotline: {
    intro: '12345 hotline operators file a ticket for a caller. The caller\'s name and phone are stored encrypted; the ticket enters the dispatchers\' worklist (source: 12345 hotline).',
    filed: 'Filed as {{number}}', category: 'Category (optional)', regionCode: 'Division code (6 digits)', regionCodeInvalid: 'Enter a 6-digit division code',
    callerName: 'Caller\'s name (optional)', callerPhone: 'Caller\'s phone (optional)', phoneInvalid: 'Only digits, +, - and spaces', submit: 'File the ticket',
  },
  categories: {
    intro: 'The ticket category tree and each category\'s attribute form (the fields a citizen or operator fills in when filing under it). Creating and changing are audited; inactive categories leave the filing forms.',
    inactive: 'inactive', create: 'New category', edit: 'Edit category', none: 'No categories yet', pick: 'Choose a category on the left to see its form', code: 'Code', name: 'Name', nameEn: 'English name',
    slaUnit: 'Time limit unit', slaAmount: 'Time limit', slaHint: 'Empty: the parent category\'s or the kind\'s default', sla: { working_days: 'working days', working_hours: 'working hours' },
    parent: 'Parent category', sortOrder: 'Sort order', active: 'Active', yes: 'Yes', no: 'No', fields: 'Attribute form fields', addField: 'Add a field', removeField: 'Remove the field',
    fieldCode: 'Field code', fieldLabel: 'Label', datatype: 'Type', required: 'Required', order: 'Order', values: 'Options', valuesHint: 'One "key=name" a line; list types only',
    codeInvalid: '2–40 capital letters, digits or -, starting with a capital letter', fieldCodeInvalid: 'Letters, digits or _, starting with a letter (at most 40)', saved: 'Category saved',
    type: { string: 'Text', number: 'Number', datetime: 'Date and time', text: 'Long text', singlevaluelist: 'Single choice', multivaluelist: 'Multiple choice' },
  },
  routing: {
    intro: 'Routing rules of your region: category (with its subtree) × division prefix × kind → department; the most specific rule wins. Try them on the region\'s last 100 tickets (nothing is saved), then save (the whole set is replaced, audited).',
    category: 'Category (with subtree)', any: 'Any', regionCode: 'Division prefix', regionCodeInvalid: 'A 6, 9 or 12-digit division code, or empty', everywhere: 'Everywhere', priority: 'Priority',
    add: 'Add a rule', remove: 'Remove the rule', dryRun: 'Dry-run (last 100 tickets)', save: 'Save the rules', saved: 'Routing rules saved',
    dryRunTitle: 'Dry-run: {{changed}} of {{total}} would go elsewhere, {{unrouted}} match no rule', assigned: 'Assigned to', current: 'Current rules send to', proposed: 'Proposed rules send to', unrouted: 'No match',
  },
  citizen: {
    newTitle: 'Report a problem', newIntro: 'Tell us about a problem with epidemic control. Follow progress and the answer under "My requests", and rate the answer.',
    photos: 'Photos (up to 9)', submit: 'Submit', submitted: 'Submitted as {{number}}', mineTitle: 'My requests', none: 'You have not filed anything yet',
    detailTitle: 'Request', timeline: 'Progress', rate: 'Rate the answer', rateIntro: 'Dissatisfied (or very dissatisfied) sends it back to the department.', rated: 'Thank you for your rating',
    comment: 'Comment (optional)', titleRequired: 'Enter a title (2–100 characters)', descriptionRequired: 'Describe the problem (at least 5 characters)', regionRequired: 'Choose the area',
    choose: 'Choose', dueBy: 'Answer due by {{date}}', uploading: 'Uploading…', newTicket: 'Report a problem',
    category: 'Category', fieldRequired: 'Fill in {{field}}', similarTitle: 'Similar requests nearby are being handled — have a look first:', distance: 'about {{m}} m',
    support: 'Me too', supported: 'You follow {{number}}: you will hear of its progress', supportedForwarded: '{{from}} was merged into {{number}}: you now follow {{number}} and will hear of its progress', supportedTitle: 'Tickets I support', supportCount: '{{count}} also reported',
    withdraw: 'Withdraw', withdrawn: 'You no longer follow {{number}}', withdrawConfirm: 'Withdraw your support of {{number}}? You will no longer be counted nor hear of its progress.', keepSupport: 'Keep',
  },
};
export default tickets;

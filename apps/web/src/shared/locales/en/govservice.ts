/** Government-service strings (namespace `govservice`): catalogue, my applications, the department workbench. */
const govservice = {
  nav: { section: 'Government services', workbench: 'Service workbench', catalogue: 'Service items', services: 'Services', mine: 'My applications' },
  status: { draft: 'Draft', submitted: 'Awaiting pre-review', returned: 'Needs correction', accepted: 'Accepted', under_review: 'Under review', approved: 'Approved', rejected: 'Refused', revoked: 'Revoked', withdrawn: 'Withdrawn' },
  mode: { normal: 'Normal', tolerance: 'Accept with materials missing', commitment: 'Approve on commitment' },
  part: { pending: 'Pending', approved: 'Approved', rejected: 'Refused' },
  action: {
    create: 'Created', submit: 'Submitted', resubmit: 'Resubmitted after correction', return: 'Returned for correction', accept: 'Accepted', reject: 'Not accepted', commit: 'Approved on commitment',
    review: 'Department review', approve: 'Approved', refuse: 'Refused', revoke: 'Approval revoked', withdraw: 'Withdrawn', sign: 'Commitment signed', supply: 'Materials supplied',
    escalate: 'Supply overdue, escalated', 'green-channel': 'Green channel', inspect: 'Inspected',
  },
  applicantType: { person: 'Person', enterprise: 'Enterprise (authorised agent)' },
  itemType: { administrative_licence: 'Licence', administrative_confirmation: 'Confirmation', public_service: 'Public service', administrative_filing: 'Filing', other: 'Other' },
  channel: { window: 'Window', online: 'Online', mobile: 'Mobile', self_service: 'Self-service', express: 'Express' },
  materialForm: { original: 'Original', copy: 'Copy', original_and_copy: 'Original and copy', electronic: 'Electronic' },
  field: {
    number: 'Number', item: 'Item', status: 'Status', mode: 'Mode', applicant: 'Applicant', department: 'Department', dueAt: 'Due', submittedAt: 'Submitted',
    materials: 'Materials', form: 'Form', parts: 'Parallel review', history: 'History', timeline: 'Progress', result: 'Result', decisionNote: 'Decision note',
    legalLimit: 'Legal limit', promisedLimit: 'Promised limit', visits: 'Visits', channels: 'Channels', fees: 'Fees', guide: 'Guide', modes: 'Epidemic modes',
    supplyBy: 'Supply by', inspection: 'Inspection', creditCode: 'Unified social credit code', enterpriseName: 'Enterprise name', phone: 'Phone', address: 'Delivery address',
  },
  days: '{{count}} working days',
  visits: { '0': 'No visit', '1': 'At most one visit', more: '{{count}} visits' },
  free: 'Free',
  catalogue: {
    title: 'Services', intro: 'Search by item name, department or keyword (two characters are enough).', search: 'Search items', none: 'No matching item', apply: 'Apply online',
    tolerance: 'Missing allowed', commitment: 'Commitment', priority: 'Priority',
  },
  apply: {
    title: 'Apply', applicantType: 'Applicant', enterpriseHint: 'Applying for an enterprise, you act as its authorised agent; upload the authorisation among the materials.',
    mode: 'Mode', upload: 'Upload', missingLater: 'Missing, supply later', commitmentRead: 'I have read and commit', priority: 'Ask for priority (reason)',
    express: 'Deliver the result by express', submit: 'Submit', submitted: 'Submitted, number {{number}}', required: 'Required', formError: 'Please check: {{fields}}',
    problem: {
      required: 'required', type: 'wrong format', pattern: 'wrong format', too_short: 'too short', too_long: 'too long', below_min: 'too small', above_max: 'too large', option: 'choose one',
      date: 'invalid date', id_number: 'invalid ID number', phone: 'invalid mobile number', uscc: 'invalid credit code', unknown: 'unknown field', hidden: 'not expected',
    },
  },
  mine: {
    title: 'My applications', none: 'No applications yet', supply: 'Supply materials', supplyIntro: 'Supply these missing materials by {{date}}:', supplied: 'Supplied',
    correction: 'Correction needed', resubmit: 'Resubmit', withdraw: 'Withdraw', resultRevoked: 'Revoked', inspectionDue: 'Inspection due {{date}}', signedAt: 'Signed {{date}}',

    document: 'Electronic result', documentCode: 'Document code', download: 'Download PDF', verify: 'Verify', documentRevoked: 'Revoked: {{reason}}',
    documentIntro: 'The result is issued as a digitally signed PDF; anyone can check it by its document code or QR code.',
    shipments: 'Government express', tracking: 'Tracking number', shipTo: 'To',
    rate: 'Rate this handling', rateIntro: 'Please rate how this application was handled (好差评); each application can be rated once.', rated: 'Thank you for your rating', comment: 'Comments (optional)', yourRating: 'Your rating',
  },
  rating: { '1': 'Very satisfied', '2': 'Satisfied', '3': 'Fairly satisfied', '4': 'Dissatisfied', '5': 'Very dissatisfied' },
  shipmentStatus: { created: 'Ordered', picked_up: 'Picked up', in_transit: 'In transit', delivered: 'Delivered', returned: 'Returned' },
  workbench: {
    intro: 'The window sees its region\'s applications to pre-review, accept and follow; departments see those they review or inspect. Green channel, priority and overdue come first; every read is audited.',
    window: 'Window', department: 'My department', inspections: 'Inspections', overdue: 'Overdue', dueSoon: 'Due soon', green: 'Green channel', priority: 'Priority asked',
    missing: '{{count}} missing', supplyOverdue: 'Supply overdue', detail: 'Application', masked: 'Personal data masked', noActions: 'Nothing for you to do now',
    note: 'Note (the applicant sees it)', internalNote: 'Internal note (hidden from the applicant)', comment: 'Correction', approve: 'Approve part', reject: 'Refuse part',
    passed: 'Commitment true', failed: 'Commitment untrue (revoke)', greenReason: 'Green-channel reason', done: 'Done', material: 'Material', file: 'File {{n}}',
  },
  editor: {
    intro: 'Edit the implementation list (JSON); the form previews live on the right. Publishing a new version never changes filed applications.', create: 'New item', code: 'Item code', region: 'Division code',
    save: 'Save draft', publish: 'Publish', published: 'Published v{{version}}', draft: 'Draft v{{version}}', invalidJson: 'Invalid JSON', preview: 'Form preview', schemaErrors: 'Form definition problems',
  },
  bundle: {
    title: 'One thing, one application', tag: 'Bundle', items: 'Items included', create: 'New bundle', lifeEvent: 'Life event', itemsHint: 'Item codes (two or more; their order is the merged form\'s)',
    lead: 'Lead department', resultTitle: 'Result title', promised: 'Promised limit (empty = the longest member\'s)', preview: 'Merged preview', conflicts: 'Cannot merge', save: 'Save draft',
    fields: 'Merged form fields', materials: 'Merged materials', parts: 'Parts per department', reviewItem: 'Item reviewed',
  },
  verify: {
    tag: 'Remote check', title: 'Remote verification (video)', booked: 'Booked', none: 'No slot open in the next two weeks', room: 'Video room {{code}}', cancel: 'Cancel booking',
    status: { booked: 'Booked', verified: 'Verified', failed: 'Failed', cancelled: 'Cancelled' },
    console: 'Remote verification', publish: 'Publish availability', day: 'Day', from: 'From', to: 'To', capacity: 'People per slot', withdraw: 'Withdraw', verified: 'Verified', failed: 'Failed', reason: 'Reason of failure',
    published: '{{created}} slots published ({{skipped}} already there)', bookings: 'Bookings', slots: 'My slots',
  },
  project: {
    title: 'Through-train project', console: 'Through train', create: 'Register project', code: 'Project code', name: 'Project name', park: 'Park', enterpriseName: 'Enterprise', enterpriseCode: 'Unified social credit code',
    handler: 'Handler account ID', applications: 'Project applications', link: 'Link application (ID)', none: 'No projects',
  },
  import: { title: 'Import XLSX', done: '{{created}} created, {{updated}} updated, {{unchanged}} unchanged', errors: 'Rows not imported', line: '{{sheet}} line {{line}}' },
};
export default govservice;

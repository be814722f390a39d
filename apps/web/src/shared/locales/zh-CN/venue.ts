/** Venue portal strings (namespace `venue`). */
const venue = {
  appTitle: '场所端',
  signIn: { title: '场所端', subtitle: '商超、交通、学校、单位等场所工作人员登录' },
  nav: { dashboard: '工作台' },
  dashboard: {
    welcome: '您好，{{name}}',
    account: '当前账号',
    displayName: '姓名',
    department: '单位',
    region: '所在区域',
    allRegions: '全部区域',
    venue: '所属场所',
    venueUnreadable: '暂时无法读取场所信息',
    noVenue: '该账号尚未绑定场所，请联系系统管理员。',
    guideTitle: '防控提示',
    guide: '请引导进入场所的人员出示健康码或扫描场所码登记，绿码通行，黄码、红码按防控要求处置并上报。',
  },
  forbidden: '场所端仅供场所工作人员使用，您的账号没有场所工作人员角色。',
};
export default venue;

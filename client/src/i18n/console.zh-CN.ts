import type { ConsoleMessages } from './console.en.js';

/** 简体中文 for sign-in and the console frame shared by /supervisor, /lead and /admin. */
export const consoleZhCN: ConsoleMessages = {
  'console.signIn': '登录',
  'console.username': '用户名',
  'console.password': '密码',
  'console.signingIn': '正在登录…',
  'console.signOut': '退出',
  'console.wrongRole': '您的角色({role})不能使用此控制台。',
  'console.signedInAs': '{username} · {role}',
  'console.language': 'English',
  'role.site-supervisor': '现场主管',
  'role.team-lead': '班长',
  'role.admin': '管理员',
  'console.supervisorTitle': '现场主管控制台',
  'console.leadTitle': '班长人员调度',
  'console.adminTitle': '系统管理',
  'console.error': '出错:{message}',
  'console.sessionEnded': '会话已结束(在别处退出或密码已更改),请重新登录。',
};

/** English strings for sign-in and the console frame shared by /supervisor, /lead and /admin. */
export const consoleEn = {
  'console.signIn': 'Sign in',
  'console.username': 'Username',
  'console.password': 'Password',
  'console.signingIn': 'Signing in…',
  'console.signOut': 'Sign out',
  'console.wrongRole': 'Your role ({role}) cannot use this console.',
  'console.signedInAs': '{username} · {role}',
  'console.language': '中文',
  'role.site-supervisor': 'site supervisor',
  'role.team-lead': 'team lead',
  'role.admin': 'admin',
  'console.supervisorTitle': 'Night supervisor',
  'console.leadTitle': 'Staffing board',
  'console.adminTitle': 'Admin',
  'console.error': 'Error: {message}',
  'console.sessionEnded': 'Your session ended (signed out elsewhere, or the password changed). Sign in again.',
} as const;

export type ConsoleMessages = Record<keyof typeof consoleEn, string>;

// The local OpenID provider of the Twoway stack and tests, built on the `oidc-provider` package.
//
// Usage: node server.mjs <config.json>   (the local stack and the tests)
//        node server.mjs                 (containers: configured from the environment)
// With a file, the configuration (issuer, host, port, audience, clients, users, the private
// signing JWKS and cookie keys) is written by deploy/local/identity.py, so the public JWKS the
// services read from a file always matches the key this server signs with. Without one, the
// users come from local-users.json, the signing key is made at start (the services fetch it
// from {issuer}/jwks) and the rest from TWOWAY_IDP_ISSUER, TWOWAY_IDP_PORT,
// TWOWAY_IDP_PORTAL_URL and TWOWAY_IDP_CLIENT_SECRET.
//
// Access tokens are RS256 JWTs for the resource server `audience` (default resource), carrying the
// user's `roles`, `programs` and `regions`; `sub` is the user id. ID tokens carry the same claims.
// Sign-in is a plain login form; the first-party client is granted its scopes without a consent
// page. Local use only: passwords are kept in the configuration file.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

function configFromEnvironment(env) {
  const portal = (env.TWOWAY_IDP_PORTAL_URL ?? 'http://localhost:8080').replace(/\/$/, '');
  if (!env.TWOWAY_IDP_CLIENT_SECRET) throw new Error('TWOWAY_IDP_CLIENT_SECRET is not set');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `twoway-${randomBytes(4).toString('hex')}`;
  return {
    issuer: env.TWOWAY_IDP_ISSUER ?? 'http://localhost:8180',
    host: '0.0.0.0',
    port: Number(env.TWOWAY_IDP_PORT ?? 8180),
    audience: 'twoway',
    resource: 'urn:twoway:api',
    clients: [{
      client_id: 'twoway-portal',
      client_secret: env.TWOWAY_IDP_CLIENT_SECRET,
      redirect_uris: [`${portal}/auth/callback`],
      post_logout_redirect_uris: [portal, `${portal}/`, `${portal}/auth/login`, `${portal}/auth/signed-out`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    users: JSON.parse(readFileSync(new URL('./local-users.json', import.meta.url), 'utf8')),
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] },
    cookie_keys: [randomBytes(24).toString('base64url')],
  };
}

const config = process.argv[2]
  ? JSON.parse(readFileSync(process.argv[2], 'utf8'))
  : configFromEnvironment(process.env);
const users = new Map(config.users.map((user) => [user.id, user]));
const SCOPE_CLAIMS = ['roles', 'programs', 'regions'];

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Twoway local sign-in</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1b1f24;margin:0}
main{max-width:22rem;margin:3rem auto;background:#fff;padding:1.5rem 2rem;border-radius:6px;
box-shadow:0 1px 3px rgba(0,0,0,.2)}
h1{font-size:1.3rem}label{display:block;margin-top:1rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #57606a}
button{margin-top:1.25rem;width:100%;padding:.6rem;font-size:1rem;background:#0b5cad;color:#fff;
border:0;border-radius:4px;cursor:pointer}
.error{color:#a40e26;font-weight:600}.hint{color:#424a53;font-size:.9rem}
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

function loginPage(uid, error) {
  const message = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '';
  return page('Sign in', `<h1>Sign in to Twoway</h1>${message}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label for="login">Username</label>
<input id="login" name="login" type="text" required autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" required>
<button type="submit">Sign in</button>
</form>
<p class="hint">Local identity provider: the password of each local user is its username.</p>`);
}

function accountClaims(user) {
  return {
    sub: user.id,
    name: user.name ?? user.id,
    email: user.email ?? `${user.id}@twoway.invalid`,
    email_verified: true,
    roles: user.roles,
    programs: user.programs ?? [],
    regions: user.regions ?? [],
  };
}

const audience = config.audience;
const resource = config.resource;

const provider = new Provider(config.issuer, {
  clients: config.clients,
  jwks: config.jwks,
  cookies: { keys: config.cookie_keys },
  findAccount: async (_ctx, id) => {
    const user = users.get(id);
    if (!user) return undefined;
    return { accountId: id, claims: async () => accountClaims(user) };
  },
  claims: {
    openid: ['sub', ...SCOPE_CLAIMS],
    profile: ['name'],
    email: ['email', 'email_verified'],
  },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  ttl: {
    AccessToken: config.access_token_ttl_seconds ?? 3600,
    IdToken: 3600,
    AuthorizationCode: 60,
    Interaction: 600,
    Session: 8 * 3600,
    Grant: 8 * 3600,
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      // Sign-out needs no second confirmation on the local provider: the form submits itself.
      logoutSource: async (ctx, form) => {
        ctx.body = page('Signing out', `<h1>Signing out</h1>${form}
<noscript><button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button></noscript>
<script>var f=document.forms['op.logoutForm'];var i=document.createElement('input');
i.type='hidden';i.name='logout';i.value='yes';f.appendChild(i);f.submit();</script>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Signed out', '<h1>You are signed out</h1>');
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => resource,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, indicator) => {
        if (indicator !== resource) throw new Provider.errors.InvalidTarget();
        return {
          scope: 'openid profile email',
          audience,
          accessTokenTTL: config.access_token_ttl_seconds ?? 3600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  extraTokenClaims: async (_ctx, token) => {
    if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
    const user = users.get(token.accountId);
    if (!user) return undefined;
    const { roles, programs, regions } = accountClaims(user);
    return { roles, programs, regions };
  },
  // The portal is first-party: what it asks for is granted without a consent page.
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile email');
    grant.addOIDCClaims(SCOPE_CLAIMS);
    grant.addResourceScope(resource, 'openid profile email');
    await grant.save();
    return grant;
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Sign-in error', `<h1>Sign-in failed</h1>
<p class="error" role="alert">${escapeHtml(out.error)}: ${escapeHtml(out.error_description ?? '')}</p>`);
  },
});
provider.proxy = Boolean(config.behind_proxy);
provider.on('end_session.error', (_ctx, error) => console.error('end_session', error.message, error.error_description, error.cause?.message));

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > 10000) reject(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function sendHtml(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

async function handleInteraction(req, res, uid, action) {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    sendHtml(res, 400, page('Sign-in expired', '<h1>This sign-in has expired</h1><p>Start again from the application.</p>'));
    return;
  }
  if (details.uid !== uid) {
    sendHtml(res, 400, page('Sign-in expired', '<h1>This sign-in has expired</h1>'));
    return;
  }
  if (details.prompt.name !== 'login') {
    // Consent is implied for the first-party client (see loadExistingGrant).
    await provider.interactionFinished(req, res, { consent: {} }, { mergeWithLastSubmission: true });
    return;
  }
  if (req.method === 'GET' && action === undefined) {
    sendHtml(res, 200, loginPage(uid));
    return;
  }
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const user = users.get(form.get('login') ?? '');
    // Local users only: the password is the username unless the configuration says otherwise.
    if (!user || (user.password ?? user.id) !== form.get('password')) {
      sendHtml(res, 401, loginPage(uid, 'Unknown username or wrong password.'));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: user.id } }, {
      mergeWithLastSubmission: false,
    });
    return;
  }
  sendHtml(res, 405, page('Not allowed', '<h1>Not allowed</h1>'));
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  const match = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login))?$/.exec(req.url.split('?')[0]);
  if (match) {
    handleInteraction(req, res, match[1], match[2]).catch((error) => {
      console.error('interaction failed', error.name);
      if (!res.headersSent) sendHtml(res, 500, page('Error', '<h1>Sign-in failed</h1>'));
    });
    return;
  }
  callback(req, res);
});

function shutdown() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

server.listen(config.port, config.host, () => {
  console.log(`identity provider ready at ${config.issuer}`);
});

// Sign-in of the demo UI (issue 11): OAuth 2.0 authorization code with PKCE against the issuer the
// api trusts (GET /api/v1/auth/config), public client "demo-ui". The access token lives in this
// tab's sessionStorage only. Exposes window.PowerbankAuth = { ready, header(), user, signIn, signOut }.
(() => {
  "use strict";
  const KEY = "powerbank.auth";
  const PENDING = "powerbank.auth.pending";
  const redirectUri = `${window.location.origin}/`;

  function base64url(bytes) {
    let text = "";
    for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function randomString() {
    return base64url(crypto.getRandomValues(new Uint8Array(32)));
  }

  async function challengeOf(verifier) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
    return base64url(digest);
  }

  async function json(url, init) {
    const response = await fetch(url, init);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  }

  let config = null;
  let discovery = null;

  async function provider() {
    if (!discovery) {
      config = await json("/api/v1/auth/config");
      discovery = await json(`${config.issuer}/.well-known/openid-configuration`);
    }
    return discovery;
  }

  function saved() {
    try {
      const session = JSON.parse(sessionStorage.getItem(KEY) || "null");
      return session && session.expiresAt > Date.now() ? session : null;
    } catch (_) {
      return null;
    }
  }

  async function signIn(loginHint) {
    const endpoints = await provider();
    const verifier = randomString();
    const state = randomString();
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
    const query = new URLSearchParams({
      response_type: "code",
      client_id: config.client_id,
      redirect_uri: redirectUri,
      scope: config.scope,
      state,
      code_challenge: await challengeOf(verifier),
      code_challenge_method: "S256",
    });
    if (loginHint) query.set("login_hint", loginHint);
    window.location.assign(`${endpoints.authorization_endpoint}?${query}`);
  }

  function signOut() {
    sessionStorage.removeItem(KEY);
    window.location.assign(redirectUri);
  }

  // Back from the provider with ?code=&state=: trade the code for a token, then clean the URL.
  async function finishSignIn() {
    const params = new URLSearchParams(window.location.search);
    if (!params.has("code") && !params.has("error")) return saved();
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || "null");
    sessionStorage.removeItem(PENDING);
    window.history.replaceState(null, "", redirectUri);
    if (params.has("error")) throw new Error(`sign-in refused: ${params.get("error")}`);
    if (!pending || pending.state !== params.get("state")) throw new Error("sign-in state mismatch");
    const endpoints = await provider();
    const token = await json(endpoints.token_endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        client_id: config.client_id,
        code: params.get("code"),
        redirect_uri: redirectUri,
        code_verifier: pending.verifier,
      }),
    });
    const who = await json(endpoints.userinfo_endpoint, {
      headers: { Authorization: `Bearer ${token.access_token}` },
    });
    const session = {
      accessToken: token.access_token,
      user: who.sub,
      // the provider says whether this is the operator (the token's scope claim agrees)
      operator: who.operator === true,
      expiresAt: Date.now() + (token.expires_in || 300) * 1000,
    };
    sessionStorage.setItem(KEY, JSON.stringify(session));
    return session;
  }

  const auth = {
    session: null,
    get user() {
      return auth.session ? auth.session.user : null;
    },
    get operator() {
      return Boolean(auth.session && auth.session.operator);
    },
    header() {
      return auth.session ? { Authorization: `Bearer ${auth.session.accessToken}` } : {};
    },
    signIn,
    signOut,
  };
  auth.ready = finishSignIn().then(
    (session) => {
      auth.session = session;
      return auth;
    },
    (error) => {
      auth.error = error;
      return auth;
    },
  );
  window.PowerbankAuth = auth;
})();

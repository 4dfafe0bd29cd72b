import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/problems';
import { ErrorNotice, PageTitle } from '../components';
import { useShopApi } from '../session/hooks';
import { useSession } from '../session/session';

/** Only paths of this site: an open redirect through ?next= would be a phishing aid. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage({ mode }: { mode: 'login' | 'register' }) {
  const shop = useShopApi();
  const { logIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = useMutation({
    mutationFn: async () => {
      if (mode === 'register') await shop.register(email, password);
      return shop.login(email, password);
    },
    onSuccess: (token) => {
      logIn(token);
      void navigate(next, { replace: true });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!submit.isPending) submit.mutate();
  };
  const wrongCredentials = mode === 'login' && submit.error instanceof ApiError && submit.error.status === 401;
  const taken = mode === 'register' && submit.error instanceof ApiError && submit.error.status === 409;
  const otherHref = `${mode === 'login' ? '/register' : '/login'}${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`;

  return (
    <section className="narrow">
      <PageTitle>{mode === 'login' ? 'Log in' : 'Create an account'}</PageTitle>
      {params.get('expired') && (
        <p className="notice notice-info" role="status">
          Your session has expired. Log in again: your cart is kept.
        </p>
      )}
      <form onSubmit={onSubmit} className="stacked">
        <label htmlFor="email">Email</label>
        <input id="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
          required
          minLength={mode === 'register' ? 10 : undefined}
          aria-describedby={mode === 'register' ? 'password-hint' : undefined}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {mode === 'register' && (
          <p id="password-hint" className="hint">
            At least 10 characters, mixing two kinds (lower case, upper case, digits, symbols).
          </p>
        )}
        <button type="submit" disabled={submit.isPending}>
          {mode === 'login' ? 'Log in' : 'Create account'}
        </button>
      </form>
      {wrongCredentials && (
        <p className="notice notice-error" role="alert">
          Wrong email or password.
        </p>
      )}
      {taken && (
        <p className="notice notice-error" role="alert">
          An account with this email exists already. <Link to={`/login?next=${encodeURIComponent(next)}`}>Log in</Link> instead.
        </p>
      )}
      {submit.isError && !wrongCredentials && !taken && <ErrorNotice error={submit.error} />}
      <p>
        {mode === 'login' ? 'New here? ' : 'Have an account? '}
        <Link to={otherHref}>{mode === 'login' ? 'Create an account' : 'Log in'}</Link>
      </p>
    </section>
  );
}

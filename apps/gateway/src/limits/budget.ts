import { DeadlineExceededError, runWithContext } from '@shop/context';
import type { RequestHandler } from 'express';

/**
 * Gives the request the route's own budget: every gRPC call it makes gets this deadline (minus a
 * margin) and is cancelled when the client goes away. It replaces the chassis's default context,
 * so a route may have more time than the default as well as less.
 */
export function routeBudget(budgetMs: number): RequestHandler {
  return (_req, res, next) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DeadlineExceededError('request budget spent')), budgetMs);
    timer.unref();
    res.once('close', () => {
      clearTimeout(timer);
      if (!res.writableFinished) controller.abort(new Error('client went away'));
    });
    runWithContext({ deadline: Date.now() + budgetMs, signal: controller.signal }, next);
  };
}

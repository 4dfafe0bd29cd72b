import './instrumentation'; // first: the tracer provider is in place before the first span
import { runGrpcService } from '@shop/service';
import { join } from 'node:path';
import { Accounts } from './accounts';
import { userConfig } from './config';
import { userServiceHandlers } from './handlers';
import { HashingSlots } from './hashing-slots';
import { LoginThrottle } from './login-throttle';
import { meetsOwaspAdvice, scryptParams } from './passwords';
import { userMetrics } from './metrics';
import { RefreshTokens } from './refresh-tokens';
import { refreshTokenSweeper } from './refresh-token-sweeper';
import { RegistrationRate } from './registration-rate';
import { loadSigningKey } from './signing-key';
import { AccessTokenIssuer, DeviceTokens } from './tokens';
import { verificationKeySet } from './verification-keys';
import { UsersRepository } from './users-repository';

void runGrpcService({
  name: 'user',
  config: userConfig,
  database: { migrationsDir: join(__dirname, 'migrations'), defaultUrl: 'postgres://postgres:postgres@127.0.0.1:5432/shop_user' },
  redis: { keyPrefix: 'user:', defaultUrl: 'redis://127.0.0.1:6379' },
  register: async (app) => {
    const { config } = app;
    const hashParams = scryptParams(config.SCRYPT_LOG2_N);
    if (!meetsOwaspAdvice(hashParams)) {
      app.logger.warn({ SCRYPT_LOG2_N: config.SCRYPT_LOG2_N }, "password hashing cost is below OWASP's advice (N = 2^13 to 2^17 with its p)");
    }
    const signingKey = await loadSigningKey(config, app.logger);
    const published = await verificationKeySet(signingKey, config);
    app.logger.info({ kids: published.keys.map((key) => key.kid) }, 'token verification keys published');
    const refreshTokens = new RefreshTokens(
      app.db,
      { ttlSeconds: config.REFRESH_TOKEN_TTL_SECONDS, reuseIntervalSeconds: config.REFRESH_TOKEN_REUSE_INTERVAL_SECONDS },
      userMetrics(app.metrics.registry),
    );
    const accounts = await Accounts.create({
      users: new UsersRepository(app.db),
      tokens: new AccessTokenIssuer(signingKey, config.ACCESS_TOKEN_TTL_SECONDS),
      refreshTokens,
      devices: new DeviceTokens(signingKey, config.DEVICE_TOKEN_TTL_SECONDS, published),
      throttle: new LoginThrottle(app.redis, {
        freeFailuresPerAccount: config.LOGIN_FREE_FAILURES_PER_ACCOUNT,
        freeFailuresPerAddress: config.LOGIN_FREE_FAILURES_PER_ADDRESS,
        baseDelayMs: config.LOGIN_DELAY_BASE_MS,
        maxDelayMs: config.LOGIN_DELAY_MAX_MS,
        windowSeconds: config.LOGIN_FAILURE_WINDOW_SECONDS,
      }),
      registrations: new RegistrationRate(app.redis, config.REGISTRATIONS_PER_MINUTE),
      hashing: new HashingSlots({ concurrent: config.SCRYPT_MAX_CONCURRENT, waiting: config.SCRYPT_MAX_WAITING, retryAfterMs: 1000 }),
      hashParams,
      logger: app.logger,
    });
    app.server.addService(app.protos.shop.user.v1.UserService.service, userServiceHandlers(accounts, published));
    app.startWorker(
      refreshTokenSweeper({
        refreshTokens,
        intervalMs: config.REFRESH_TOKEN_SWEEP_INTERVAL_MS,
        batchSize: config.REFRESH_TOKEN_SWEEP_BATCH_SIZE,
        batchTimeoutMs: config.REFRESH_TOKEN_SWEEP_TIMEOUT_MS,
        logger: app.logger,
      }),
    );
  },
});

import './instrumentation'; // first: tracing must patch modules before anything loads them
import { runGrpcService } from '@shop/service';
import { join } from 'node:path';
import { Accounts } from './accounts';
import { userConfig } from './config';
import { userServiceHandlers } from './handlers';
import { LoginLimiter } from './login-limiter';
import { scryptParams } from './passwords';
import { loadSigningKey } from './signing-key';
import { AccessTokenIssuer } from './tokens';
import { UsersRepository } from './users-repository';

void runGrpcService({
  name: 'user',
  config: userConfig,
  database: { migrationsDir: join(__dirname, 'migrations') },
  redis: { keyPrefix: 'user:' },
  register: async (app) => {
    const { config } = app;
    if (config.SCRYPT_LOG2_N < 15) {
      app.logger.warn({ SCRYPT_LOG2_N: config.SCRYPT_LOG2_N }, 'password hashing cost is below the production default');
    }
    const accounts = await Accounts.create({
      users: new UsersRepository(app.db),
      tokens: new AccessTokenIssuer(await loadSigningKey(config, app.logger), config.ACCESS_TOKEN_TTL_SECONDS),
      limiter: new LoginLimiter(app.redis, {
        maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
        maxFailuresPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
        windowSeconds: config.LOGIN_FAILURE_WINDOW_SECONDS,
      }),
      hashParams: scryptParams(config.SCRYPT_LOG2_N),
      logger: app.logger,
    });
    app.server.addService(app.protos.shop.user.v1.UserService.service, userServiceHandlers(accounts));
  },
});

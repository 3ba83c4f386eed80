// The baseline: a bare Express handler that parses the same form body and answers 200, nothing stored.
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.post(
  '/webhooks/africastalking/sms',
  express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 50 }),
  (req, res) => {
    res
      .status(200)
      .type('text/plain')
      .send(typeof req.body?.id === 'string' ? 'OK' : 'missing id');
  },
);
const server = app.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`bare http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));

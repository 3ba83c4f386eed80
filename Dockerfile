# Sabali gateway image: one image for web and worker processes (ROLE=web|worker|all).
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/ensure-install.mjs --generate
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "src/main.ts"]

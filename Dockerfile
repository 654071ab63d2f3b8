# copydesk image: the compiled CLI on Node 20. The same image runs the watcher, the workers and the HTTP server.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY workers ./workers
COPY scripts ./scripts
COPY config ./config
COPY schemas ./schemas
COPY models ./models
# the build runs the parse thread on the test fixtures to make its code cache (scripts/build-code-cache.mjs)
COPY test/fixtures ./test/fixtures
RUN npm ci --no-audit --no-fund && npm prune --omit=dev
ENV NODE_ENV=production COPYDESK_LOG_FORMAT=json
# the folders the compose file mounts, owned by the unprivileged user that runs copydesk
RUN mkdir -p /srv/copydesk/inbox /srv/copydesk/data /srv/copydesk/failed && chown -R node:node /srv/copydesk
USER node
ENTRYPOINT ["node", "bin/copydesk.js"]
CMD ["start", "--no-redis-autostart"]

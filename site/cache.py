"""Django's Redis cache backend, keeping one Redis client per connection pool.

Django's backend builds a new `redis.Redis` client for every cache operation, and a new
client copies redis-py's table of several hundred response callbacks: on a page that reads
the cache three times (session, page-cache version, step route) that was a measurable part
of the request. A client is only a handle on its connection pool (redis-py clients are
safe to share between threads), so one per pool is kept and reused."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

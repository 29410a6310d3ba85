package dev.tglogin.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.tglogin.core.TelegramLoginConfigurationException;
import dev.tglogin.store.RedisTelegramLoginStore;
import dev.tglogin.store.TelegramLoginStore;

/**
 * {@code tglogin.store=redis}: the library's store in the app's Redis, through the {@link RedisConnectionFactory} that
 * Boot's Redis auto-configuration (or the app) defines. Kept apart so that nothing of spring-data-redis is loaded
 * without it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
@ConditionalOnProperty(name = "tglogin.store", havingValue = "redis")
class RedisStoreConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TelegramLoginStore telegramLoginRedisStore(TelegramLoginProperties properties,
			ObjectProvider<RedisConnectionFactory> connectionFactory) {
		RedisConnectionFactory factory = connectionFactory.getIfUnique();
		if (factory == null) {
			throw TelegramLoginConfigurationException.of("tglogin.store=redis needs a RedisConnectionFactory bean "
					+ "(for example from spring-boot-starter-data-redis and spring.data.redis.host)");
		}
		RedisTelegramLoginStore store = new RedisTelegramLoginStore(factory);
		store.setKeyPrefix(properties.getRedis().getKeyPrefix());
		return store;
	}

}

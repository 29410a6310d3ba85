package dev.tglogin.autoconfigure;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * A flow is configured: Bondify's project id, Xellar's client secret, a Mini App bot token or bot id, Telegram's
 * OpenID Connect client id, or the emulator. Without one, the app's security (Boot's default chain included) stays as
 * it was.
 */
final class OnTelegramLoginFlowCondition extends AnyNestedCondition {

	OnTelegramLoginFlowCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnProperty(prefix = "tglogin.bondify", name = "project-id")
	static final class Bondify {

	}

	@ConditionalOnProperty(prefix = "tglogin.xellar", name = "client-secret")
	static final class Xellar {

	}

	@ConditionalOnProperty(prefix = "tglogin.mini-app", name = "bot-token")
	static final class MiniAppBotToken {

	}

	@ConditionalOnProperty(prefix = "tglogin.mini-app", name = "bot-id")
	static final class MiniAppBotId {

	}

	@ConditionalOnProperty(prefix = "tglogin.telegram", name = "client-id")
	static final class Telegram {

	}

	@ConditionalOnProperty(prefix = "tglogin.emulator", name = "enabled", havingValue = "true")
	static final class Emulator {

	}

}

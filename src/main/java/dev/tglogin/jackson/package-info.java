/**
 * Jackson mixins that let a JSON session store (Spring Session with a Jackson serializer) keep a Telegram login's
 * {@code Authentication} and a login in progress: {@link dev.tglogin.jackson.TelegramLoginJackson2Module} for
 * Jackson 2 and, with Spring Security 7, {@code TelegramLoginJacksonModule} for Jackson 3. Both are used beside
 * Spring Security's own modules, whose type allow-list they extend by the library's types only.
 */
@NullMarked
package dev.tglogin.jackson;

import org.jspecify.annotations.NullMarked;

package dev.tglogin.jackson;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

import dev.tglogin.xellar.WalletAddress;

/**
 * Gives each {@link WalletAddress} its type: Spring Security reads the unmodifiable list that holds them element by
 * element as {@code Object}s. The record's own constructor restores it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
abstract class WalletAddressMixin {

}

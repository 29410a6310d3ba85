package dev.tglogin.xellar;

/**
 * How the phone number is written in the request that sends the OTP. Xellar's own UI kit validates
 * {@code ^[1-9]\d{1,14}$} and sends digits only (its WhatsApp twin's example is {@code "65212232422"}); the Telegram
 * call is undocumented, so the form is configurable.
 */
public enum PhoneNumberFormat {

	/** The country code and number, digits only: {@code 447700900123}. The default. */
	DIGITS,

	/** E.164 with its plus sign: {@code +447700900123}. */
	E164

}

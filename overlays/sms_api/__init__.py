"""Hand-written client layer of the SMS API SDK."""

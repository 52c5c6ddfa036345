"""The `fr` locale as French typography writes numbers: a narrow no-break space between thousands
(« 16 900 habitants »), as the report and the exports already do. The rest is Django's `fr`."""

THOUSAND_SEPARATOR = "\u202f"

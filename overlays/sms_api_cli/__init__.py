"""``sms-api``: the command line of the SMS API SDK, on the resource client ``sms_api.SmsApi``.

Installed with the ``[cli]`` extra (click and rich). Importing this package imports neither: the console
script's entry point (:func:`sms_api_cli.entry.main`) checks for them first and names the extra when one is
missing. ``sms-api --help`` lists the commands.
"""

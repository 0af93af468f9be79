"""The Telegram side: the PTB application, admin checks, chats and one module per command."""

package com.powerbank.stubs.users;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The user-profile service of the external contract. */
@RestController
public class UserProfileController {

  private final UserDirectory directory;

  UserProfileController(UserDirectory directory) {
    this.directory = directory;
  }

  /**
   * {@code GET /user-profile?id=U} → {@code {"id":"U","trusted":false,"has_subscription":false}};
   * 404 {@code USER_NOT_FOUND} only for ids that cannot exist (see {@link UserDirectory}).
   */
  @GetMapping("/user-profile")
  public UserProfile profile(@RequestParam String id) {
    UserSnapshot user = directory.account(id).snapshot();
    return new UserProfile(id, user.trusted(), user.hasSubscription());
  }
}
